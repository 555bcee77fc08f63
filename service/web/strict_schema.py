"""OpenAPI for request bodies that refuse unknown fields: the schema says so (`additionalProperties: false`).

Litestar documents every msgspec Struct as open, even one declared `forbid_unknown_fields=True`, so a
client (or Schemathesis) reading the schema would expect extra fields to be ignored where Tailor
refuses them with a 400. Refusing is the safer behaviour for editorial writes: a misspelt optional
field would otherwise be dropped silently, e.g. clear an answer's review board.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import msgspec

# Litestar's own Struct plugin, extended rather than re-implemented; it is not exported publicly.
from litestar._openapi.schema_generation.plugins.struct import StructSchemaPlugin

if TYPE_CHECKING:
    from litestar._openapi.schema_generation import SchemaCreator
    from litestar.openapi.spec import Schema
    from litestar.typing import FieldDefinition

__all__ = ["StrictStructSchemaPlugin"]


class StrictStructSchemaPlugin(StructSchemaPlugin):
    """Documents Structs that forbid unknown fields as closed objects."""

    def is_plugin_supported_field(self, field_definition: FieldDefinition) -> bool:
        """Structs declared with `forbid_unknown_fields=True`; the others are left to Litestar."""
        if not super().is_plugin_supported_field(field_definition):
            return False
        return bool(getattr(field_definition.type_, "__struct_config__", None) and _forbids(field_definition.type_))

    def to_openapi_schema(self, field_definition: FieldDefinition, schema_creator: SchemaCreator) -> Schema:
        """Litestar's schema, closed."""
        schema = super().to_openapi_schema(field_definition, schema_creator)
        schema.additional_properties = False
        return schema


def _forbids(struct: type[msgspec.Struct]) -> bool:
    return bool(struct.__struct_config__.forbid_unknown_fields)
