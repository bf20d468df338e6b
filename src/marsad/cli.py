"""`marsad`: the one entry point, for people and for scripts.

Subcommands stay thin: they set up Django, call a service and print. Errors go to
stderr with a non-zero exit status; `--json` prints exactly one JSON object.
"""

import argparse
import json
import os
import sys
from collections.abc import Sequence

from marsad.monitor import cli as monitor_cli

EXIT_CONFIG_ERROR = 2


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marsad.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as exc:
        print(f"marsad: configuration error: {exc}", file=sys.stderr)
        raise SystemExit(EXIT_CONFIG_ERROR) from None


def _cmd_demo(args: argparse.Namespace) -> int:
    from marsad.core.demo import build_demo

    accounts = build_demo(reset_passwords=args.reset_passwords)
    if args.json:
        print(json.dumps({"accounts": accounts}, ensure_ascii=False))
    else:
        _print_accounts(accounts)
    if args.no_serve:
        return 0
    from marsad.server import serve

    return serve(host=args.host, port=args.port, workers=args.workers)


def _print_accounts(accounts: list[dict[str, str | None]]) -> None:
    print("\nDemo accounts (role: username / password):")
    for account in accounts:
        password = (
            account["password"] or "(unchanged; use --reset-passwords for a new one)"
        )
        print(
            f"  {account['role']:<17} {account['username']:<10} {password}",
        )
    print(
        "Passwords are shown only this once. At first sign-in each account sets up "
        "two-factor login with an authenticator app.\n",
        flush=True,
    )


def _cmd_serve(args: argparse.Namespace) -> int:
    from marsad.server import prepare, serve

    prepare()
    return serve(host=args.host, port=args.port, workers=args.workers)


def _cmd_manage(args: argparse.Namespace) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["marsad manage", *args.args])
    return 0


def _add_server_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on")
    parser.add_argument(
        "--workers", type=int, default=2, help="server worker processes"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="marsad",
        description="Marsad: monitoring, observatory, campaigns and capacity building.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = commands.add_parser(
        "demo",
        help="set up a demo on embedded defaults (SQLite, local folder) and serve it",
    )
    _add_server_options(demo)
    demo.add_argument("--no-serve", action="store_true", help="set up, then exit")
    demo.add_argument(
        "--reset-passwords",
        action="store_true",
        help="give existing demo accounts new passwords",
    )
    demo.add_argument("--json", action="store_true", help="print the accounts as JSON")
    demo.set_defaults(handler=_cmd_demo)

    serve = commands.add_parser(
        "serve", help="migrate, collect static files and run the web app with gunicorn"
    )
    _add_server_options(serve)
    serve.set_defaults(handler=_cmd_serve)

    monitor_cli.add_commands(commands)

    manage = commands.add_parser("manage", help="run any Django management command")
    manage.add_argument(
        "args", nargs=argparse.REMAINDER, help="the command and its options"
    )
    manage.set_defaults(handler=_cmd_manage)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _setup_django()
    return int(args.handler(args) or 0)


if __name__ == "__main__":
    raise SystemExit(main())
