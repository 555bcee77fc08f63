"""The OpenAPI document's examples are true: a real answer's excerpt, and problem documents as the service sends them."""

import msgspec

from service.errors import ProblemDocument
from service.rendition.document import AnswerDocument
from service.web.openapi_examples import ANSWER_EXAMPLE
from tests.helpers import SLUG, Client


def test_the_answer_example_is_an_excerpt_of_the_live_rendition(client: Client) -> None:
    live = client.get(f"/api/v1/answers/{SLUG}", params={"audience": "family", "locale": "es"}).json()

    msgspec.convert(ANSWER_EXAMPLE, AnswerDocument)  # a valid document
    assert ANSWER_EXAMPLE["sections"] == live["sections"][:1], "refresh service/web/examples/answer.json"
    assert ANSWER_EXAMPLE["citations"] == live["citations"][:2]
    assert {key: value for key, value in ANSWER_EXAMPLE.items() if key not in {"sections", "citations"}} == {
        key: value for key, value in live.items() if key not in {"sections", "citations"}
    }


def test_every_problem_example_is_a_problem_document_of_its_status(client: Client) -> None:
    document = client.get("/schema/openapi.json").json()
    seen = set()
    for path in document["paths"].values():
        for operation in path.values():
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {}).get("application/problem+json")
                if content is None:
                    continue
                examples = content.get("examples")
                assert examples, f"no example for {status} of {operation['operationId']}"
                for example in examples.values():
                    problem = msgspec.convert(example["value"], ProblemDocument)
                    assert str(problem.status) == status
                    assert problem.type.startswith("/problems/")
                    seen.add(problem.type)

    assert {"/problems/unknown-answer", "/problems/unknown-audience", "/problems/content-rejected"} <= seen
