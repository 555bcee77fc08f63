"""An app shows an answer as the web does: the JSON rendition carries the page's words and notes."""

from tests.helpers import SLUG, Client


def test_an_app_gets_the_words_of_the_page_in_the_readers_language(client: Client) -> None:
    document = client.get(f"/api/v1/answers/{SLUG}?audience=family&locale=fr").json()
    page = client.get(f"/fr/family/answers/{SLUG}").text
    chooser = client.get(f"/fr/choose?next=/answers/{SLUG}").text  # answer pages link to it, not repeat it

    labels = document["labels"]
    assert labels["audience_prompt"] != "Which best describes you?"  # French, as the chooser says it
    assert labels["audience_prompt"] in chooser.replace("&#39;", "'")
    assert labels["audiences"]["family"] in chooser.replace("&#39;", "'")
    assert [step["status"] for step in labels["review_steps"]] == ["submitted", "under_review", "approved"]
    assert labels["pending_review"] in page
    first = document["sections"][0]
    assert (first["served_locale"], first["fallback"]) == ("en", True)
    # Every section falls back the same way (no French text): said once, for the page.
    [note] = document["notes"]
    assert note["kind"] == "fallback"
    assert page.replace("&#39;", "'").count(note["text"]) == 1  # the same words as the page, once
    assert all(section["notes"] == [] for section in [*document["sections"], document["disclaimer"]])
