"""Each platform format on a fixture in that export's real shape (names, nesting,
dates, escapes), compared field by field with what Marsad must store."""

from pathlib import Path

import pytest

from marsad.monitor.connectors import connector, detect_format
from marsad.monitor.connectors.base import Post, Rejected

pytestmark = [pytest.mark.unit]

FIXTURES = Path(__file__).parent / "fixtures"
FIELDS = (
    "platform",
    "post_id",
    "text",
    "created_at",
    "author_id",
    "author_handle",
    "url",
    "lang",
    "hashtags",
    "mentions",
    "urls",
    "reply_to_id",
    "quote_of_id",
    "repost_of_id",
    "n_likes",
    "n_shares",
    "n_replies",
    "n_views",
)


def run(
    fixture: str, fmt: str
) -> tuple[list[dict[str, object]], list[tuple[int | None, str]]]:
    path = FIXTURES / fixture
    assert detect_format(path) == fmt
    posts, rejected = [], []
    for item in connector(fmt).parse(path, source="s"):
        if isinstance(item, Post):
            row = {name: getattr(item, name) for name in FIELDS}
            row["created_at"] = item.created_at.isoformat()
            posts.append(row)
            assert item.source == "s"
            assert item.raw.startswith("{")
        else:
            assert isinstance(item, Rejected)
            rejected.append((item.line, item.reason))
    return posts, rejected


def post(**fields: object) -> dict[str, object]:
    empty: dict[str, object] = dict.fromkeys(FIELDS)
    empty.update(hashtags=[], mentions=[], urls=[])
    empty.update(fields)
    return empty


def test_x_archive_tweets_js() -> None:
    posts, rejected = run("x_archive__tweets.js", "x-archive")

    assert posts == [
        post(
            platform="x",
            post_id="1712345678901234567",
            text="@newsdesk_ps شكراً على التغطية #غزة https://t.co/AbC123",
            created_at="2023-10-12T08:14:03+00:00",
            url="https://x.com/i/web/status/1712345678901234567",
            lang="ar",
            hashtags=["غزة"],
            mentions=["newsdesk_ps"],
            urls=["https://example.org/report"],
            reply_to_id="1712345000000000000",
            n_likes=17,
            n_shares=4,
        ),
        post(
            platform="x",
            post_id="1712345678901234999",
            text="RT @someone: Stop the hate & the lies",
            created_at="2023-10-13T18:00:00+00:00",
            url="https://x.com/i/web/status/1712345678901234999",
            lang="en",
            mentions=["someone"],
            n_likes=0,
            n_shares=0,
        ),
    ]
    assert rejected == [(3, 'created_at "13/10/2023" is not an X date')]


def test_x_api_search_page_with_includes() -> None:
    posts, rejected = run("x_api__search_page.json", "x-api")

    assert posts == [
        post(
            platform="x",
            post_id="1800000000000000001",
            text="כולם צריכים לשמוע את זה #חדשות",
            created_at="2024-06-10T12:30:00+00:00",
            author_id="2244994945",
            author_handle="dana",
            url="https://x.com/dana/status/1800000000000000001",
            lang="he",
            hashtags=["חדשות"],
            quote_of_id="1799999999999999999",
            n_likes=10,
            n_shares=3,
            n_replies=1,
            n_views=540,
        ),
        post(
            platform="x",
            post_id="1800000000000000002",
            text="@dana agreed",
            created_at="2024-06-10T12:31:00+00:00",
            author_id="783214",
            author_handle="sam_k",
            url="https://x.com/sam_k/status/1800000000000000002",
            lang="en",
            mentions=["dana"],
            reply_to_id="1800000000000000001",
            n_likes=2,
            n_shares=0,
            n_replies=0,
            n_views=12,
        ),
    ]
    assert rejected == [(3, "record 1800000000000000003: text is missing")]


def test_telegram_channel_with_entity_lists_and_service_messages() -> None:
    posts, rejected = run("telegram__channel.json", "telegram")

    assert posts == [
        post(
            platform="telegram",
            post_id="1234567890/2",
            text="عاجل: انقطاع الكهرباء في عدة أحياء #حيفا التفاصيل: https://example.net/a",
            created_at="2023-10-07T06:30:00+00:00",
            author_id="channel1234567890",
            author_handle="أخبار البلد",
            hashtags=["حيفا"],
            urls=["https://example.net/a"],
            n_likes=15,
        ),
        post(
            platform="telegram",
            post_id="1234567890/3",
            text="تحديث: عادت الكهرباء",
            created_at="2023-10-07T07:00:00+00:00",
            author_id="channel1234567890",
            author_handle="أخبار البلد",
            reply_to_id="2",
            repost_of_id="قناة أخرى",
        ),
    ]
    assert rejected == [(4, "record 4: has no text (media only)")]


def test_youtube_comment_threads_with_replies() -> None:
    posts, rejected = run("youtube__comment_threads.json", "youtube")

    assert posts == [
        post(
            platform="youtube",
            post_id="UgzThread1",
            text="فيديو مهم جداً <3",
            created_at="2024-02-01T18:00:00+00:00",
            author_id="UCviewer1",
            author_handle="@viewer1",
            url="https://www.youtube.com/watch?v=dQw4w9WgXcQ&lc=UgzThread1",
            n_likes=8,
        ),
        post(
            platform="youtube",
            post_id="UgzThread1.reply1",
            text="go back where you came from",
            created_at="2024-02-01T19:00:00+00:00",
            author_id="UCtroll",
            author_handle="@troll",
            url="https://www.youtube.com/watch?v=dQw4w9WgXcQ&lc=UgzThread1.reply1",
            reply_to_id="UgzThread1",
            n_likes=0,
        ),
    ]
    assert rejected == []


def test_mastodon_statuses_with_html_and_a_boost() -> None:
    posts, rejected = run("mastodon__tag_timeline.json", "mastodon")

    assert posts == [
        post(
            platform="mastodon",
            post_id="https://social.example/users/rights/statuses/111222333444555666",
            text="Digital rights are human rights. #DigitalRights\nRead more & share",
            created_at="2024-03-05T07:45:12+00:00",
            author_id="https://social.example/@rights",
            author_handle="rights",
            url="https://social.example/@rights/111222333444555666",
            lang="en",
            hashtags=["digitalrights"],
            n_likes=9,
            n_shares=5,
            n_replies=2,
        ),
        post(
            platform="mastodon",
            post_id="https://far.example/users/amira/statuses/999",
            text="الحقوق الرقمية حقوق إنسان",
            created_at="2024-03-04T20:00:00+00:00",
            author_id="https://far.example/@amira",
            author_handle="amira@far.example",
            url="https://far.example/@amira/999",
            lang="ar",
            repost_of_id="https://far.example/users/amira/statuses/999",
            n_likes=3,
            n_shares=1,
            n_replies=0,
        ),
    ]
    assert rejected == []


def test_bluesky_search_posts() -> None:
    posts, rejected = run("bluesky__search_posts.json", "bluesky")

    assert posts == [
        post(
            platform="bluesky",
            post_id="at://did:plc:abc123/app.bsky.feed.post/3kq2xyz",
            text="הסתה ברשת היא לא בדיחה #אלימות",
            created_at="2024-05-01T10:00:00+00:00",
            author_id="did:plc:abc123",
            author_handle="noa.bsky.social",
            url="https://bsky.app/profile/noa.bsky.social/post/3kq2xyz",
            lang="he",
            hashtags=["אלימות"],
            reply_to_id="at://did:plc:zzz/app.bsky.feed.post/1",
            n_likes=7,
            n_shares=2,
            n_replies=0,
        ),
    ]
    assert rejected == []


def test_rss_feed_items() -> None:
    posts, rejected = run("rss__news.xml", "rss")

    assert posts == [
        post(
            platform="news",
            post_id="news-2024-0612",
            text=(
                "تقرير: ازدياد خطاب الكراهية على المنصات\n"
                "رصد التقرير ارتفاعاً في المنشورات المسيئة."
            ),
            created_at="2024-06-12T06:15:00+00:00",
            author_id="news.example.org",
            author_handle="مراسلنا",
            url="https://news.example.org/2024/06/report",
            hashtags=["حقوق رقمية"],
        ),
    ]
    assert rejected == [(2, "has no publication date")]


def test_meta_crowdtangle_csv_for_facebook_and_instagram() -> None:
    posts, rejected = run("meta_csv__crowdtangle.csv", "meta-csv")

    assert posts == [
        post(
            platform="facebook",
            post_id="https://www.facebook.com/hay.page/posts/123456789",
            text="اجتماع الحي مساء اليوم",
            created_at="2021-05-15T18:03:12+00:00",
            author_id="100064123456789",
            author_handle="hay.page",
            url="https://www.facebook.com/hay.page/posts/123456789",
            n_likes=900,
            n_shares=150,
            n_replies=200,
        ),
        post(
            platform="instagram",
            post_id="https://www.instagram.com/p/CPabc123/",
            text="صورة من المظاهرة",
            created_at="2021-05-16T06:00:00+00:00",
            author_id="insta_user",
            author_handle="insta_user",
            url="https://www.instagram.com/p/CPabc123/",
            n_likes=8,
            n_shares=0,
            n_replies=2,
        ),
    ]
    assert rejected == []


@pytest.mark.parametrize(
    ("fmt", "content", "reason"),
    [
        ("telegram", b'{"name": "x"}', "is not a Telegram export (no 'messages')"),
        (
            "youtube",
            b'{"kind": "youtube#videoListResponse", "items": []}',
            "is not a YouTube commentThreads response",
        ),
        (
            "x-api",
            b'{"errors": [{"message": "Unauthorized"}]}',
            "has no X API page (no 'data' or 'meta')",
        ),
        ("x-archive", b'{"tweet": {}}', "does not start with window.YTD."),
        ("mastodon", b'[{"id": 1}]', "is not a list of Mastodon statuses"),
        (
            "bluesky",
            b'{"cursor": "1"}',
            "is not a Bluesky searchPosts or feed response",
        ),
        ("rss", b"<html><body>not a feed</body></html>", "is not an RSS or Atom feed"),
        ("telegram", b'{"messages": [', "is not valid JSON (unexpected end of data)"),
    ],
)
def test_wrong_file_for_a_format_is_refused(
    tmp_path: Path, fmt: str, content: bytes, reason: str
) -> None:
    from marsad.monitor.connectors.base import FileRejectedError

    path = tmp_path / "input"
    path.write_bytes(content)

    with pytest.raises(FileRejectedError) as caught:
        list(connector(fmt).parse(path, source="s"))

    assert caught.value.reason == reason
