"""Throughput of personal-data encryption, the cost every encrypted field pays.

    .venv/bin/python benchmarks/crypto.py [--n 20000]

Prints values encrypted and decrypted per second on one core.
"""

import argparse
import time

from cryptography.fernet import Fernet, MultiFernet

SAMPLE = "رقم الهاتف +970 59 123 4567 — איש קשר: דנה"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000)
    n = parser.parse_args().n
    cipher = MultiFernet([Fernet(Fernet.generate_key()), Fernet(Fernet.generate_key())])

    start = time.perf_counter()
    tokens = [cipher.encrypt(SAMPLE.encode()) for _ in range(n)]
    encrypted = time.perf_counter() - start
    start = time.perf_counter()
    for token in tokens:
        cipher.decrypt(token)
    decrypted = time.perf_counter() - start

    print(f"encrypt: {n / encrypted:,.0f} values/s")
    print(f"decrypt: {n / decrypted:,.0f} values/s")


if __name__ == "__main__":
    main()
