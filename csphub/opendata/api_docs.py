"""The API's documentation page, /api/v1/docs: a GOV.UK page written from the OpenAPI
description itself, so it cannot drift from the API. (Ninja's Swagger page loads scripts
our Content-Security-Policy refuses, and is hard to use with a screen reader.)"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import DocsBase

if TYPE_CHECKING:
    from ninja import NinjaAPI


@dataclass
class Parameter:
    name: str
    where: str
    required: bool
    kind: str
    description: str


@dataclass
class Operation:
    method: str
    path: str
    summary: str
    description: str
    parameters: list[Parameter] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)


def _kind(schema: dict[str, Any]) -> str:
    if "anyOf" in schema:
        return " or ".join(_kind(s) for s in schema["anyOf"] if s.get("type") != "null")
    if "enum" in schema:
        return "one of " + ", ".join(map(str, schema["enum"]))
    kind = schema.get("format") or schema.get("type", "")
    limits = [f"{k} {schema[k]}" for k in ("minimum", "maximum", "maxLength") if k in schema]
    return f"{kind} ({', '.join(limits)})" if limits else kind


def _fields(description: dict[str, Any], response: dict[str, Any]) -> list[str]:
    """The record fields of a 200 response (a page's items, or the one record)."""
    schema = response.get("content", {}).get("application/json", {}).get("schema", {})
    components = description.get("components", {}).get("schemas", {})

    def resolve(s: dict[str, Any]) -> dict[str, Any]:
        ref = s.get("$ref", "")
        return components.get(ref.rsplit("/", 1)[-1], {}) if ref else s

    schema = resolve(schema)
    items = schema.get("properties", {}).get("items")
    if items and "count" in schema.get("properties", {}):
        schema = resolve(items.get("items", {}))
    return list(schema.get("properties", {}))


def _ok(responses: dict[Any, Any]) -> dict[str, Any]:
    """The 200 response (Ninja's keys are ints until the description is written as JSON)."""
    return responses.get(200) or responses.get("200") or {}


def operations(description: dict[str, Any]) -> list[Operation]:
    """Every operation of an OpenAPI description, in its order, for people to read."""
    found = []
    for path, methods in description.get("paths", {}).items():
        for method, op in methods.items():
            params = [
                Parameter(
                    name=p["name"],
                    where=p["in"],
                    required=p.get("required", False),
                    kind=_kind(p.get("schema", {})),
                    description=p.get("description", "")
                    or p.get("schema", {}).get("description", ""),
                )
                for p in op.get("parameters", [])
            ]
            found.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    summary=op.get("summary", ""),
                    description=op.get("description", ""),
                    parameters=params,
                    fields=_fields(description, _ok(op.get("responses", {}))),
                )
            )
    return found


class GovukDocs(DocsBase):
    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        description = api.get_openapi_schema(path_params=kwargs)
        context = {
            "title": "Open data API",
            "api": api,
            "openapi_url": self.get_openapi_url(api, kwargs),
            "operations": operations(dict(description)),
        }
        return render(request, "opendata/api_docs.html", context)
