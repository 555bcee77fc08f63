"""Validating real responses against the OpenAPI document the app publishes."""

from typing import Any

import httpx
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

_DOCUMENT_URI = "urn:tailor:openapi"


def _pointer(*parts: str) -> str:
    return "/".join(part.replace("~", "~0").replace("/", "~1") for part in parts)


class OpenApiDocument:
    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        resource = Resource.from_contents(document, default_specification=DRAFT202012)
        self._registry: Registry[Any] = Registry().with_resource(_DOCUMENT_URI, resource)

    def operation(self, path_template: str, method: str = "get") -> dict[str, Any]:
        operation: dict[str, Any] = self.document["paths"][path_template][method]
        return operation

    def validate(self, response: httpx.Response, path_template: str, method: str = "get") -> None:
        """Fail unless the response's status and media type are documented and its body matches the schema."""
        responses = self.operation(path_template, method)["responses"]
        status = str(response.status_code)
        assert status in responses, f"{method.upper()} {path_template} does not document {status}"
        media_type = response.headers["content-type"].split(";")[0]
        assert media_type in responses[status]["content"], f"{status} is not documented as {media_type}"
        reference = _pointer("paths", path_template, method, "responses", status, "content", media_type, "schema")
        validator = Draft202012Validator({"$ref": f"{_DOCUMENT_URI}#/{reference}"}, registry=self._registry)
        validator.validate(response.json())
