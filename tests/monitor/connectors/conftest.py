from pathlib import Path
from types import ModuleType

from marsad.monitor.connectors.base import Post, Rejected

FIXTURES = Path(__file__).parent / "fixtures"


def parse_all(
    connector: ModuleType, path: Path, **kwargs: object
) -> tuple[list[Post], list[Rejected]]:
    """Run a connector over a file; its posts and its rejections, in order."""
    items = list(connector.parse(path, source="test", **kwargs))
    return (
        [i for i in items if isinstance(i, Post)],
        [i for i in items if isinstance(i, Rejected)],
    )
