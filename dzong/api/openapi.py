"""The API's OpenAPI 3.1 description, written by hand; the tests hold the API to it."""

from __future__ import annotations

from typing import Any

NULLABLE_TEXT = {"type": ["string", "null"]}
MOMENT = {"type": ["string", "null"], "format": "date-time"}


def _problem_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
        },
    }


def _application_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Application"}}},
    }


LANGUAGE = {
    "name": "Accept-Language",
    "in": "header",
    "description": "en or dz: the language of names and of error messages.",
    "schema": {"type": "string"},
}
UNAUTHENTICATED = _problem_response("No token, a token nobody holds, or a revoked token.")
TOO_MANY = _problem_response("Too many requests this minute (see Retry-After).")

SCHEMAS: dict[str, Any] = {
    "Submission": {
        "type": "object",
        "required": ["answers"],
        "properties": {
            "answers": {
                "type": "object",
                "description": (
                    "An answer per question code of the service's definition, as on the "
                    "portal: text, numbers, true/false for yes/no questions, dates as "
                    "YYYY-MM-DD, choices by their code, repeating groups as arrays of objects. "
                    "Files are not accepted: a service that needs one is applied for on the "
                    "portal."
                ),
                "additionalProperties": True,
            },
            "business": {
                "type": "string",
                "maxLength": 40,
                "description": (
                    "The licence number of a business registered through Dzong that the "
                    "client's account may apply for: the application is the business's, and "
                    "the questions its registration answers are taken from it."
                ),
            },
        },
    },
    "Application": {
        "type": "object",
        "required": [
            "reference",
            "service",
            "service_version",
            "status",
            "submitted_at",
            "decided_at",
            "registrations",
            "links",
        ],
        "additionalProperties": False,
        "properties": {
            "reference": {"type": "string", "examples": ["DZ-7KQ2-M9XA"]},
            "service": {"type": "string"},
            "service_version": {"type": "integer"},
            "status": {"enum": ["submitted", "approved", "rejected"]},
            "submitted_at": MOMENT,
            "decided_at": MOMENT,
            "registrations": {
                "type": "array",
                "items": {"$ref": "#/components/schemas/Registration"},
            },
            "links": {
                "type": "object",
                "required": ["self"],
                "additionalProperties": False,
                "properties": {"self": {"type": "string"}},
            },
        },
    },
    "Registration": {
        "type": "object",
        "required": ["code", "name", "agency", "number", "issued_at", "certificates"],
        "additionalProperties": False,
        "properties": {
            "code": {"type": "string"},
            "name": {"type": "string"},
            "agency": {"type": "string"},
            "number": {"type": "string", "examples": ["BL-2026-000042"]},
            "issued_at": MOMENT,
            "certificates": {
                "type": "array",
                "items": {"$ref": "#/components/schemas/Certificate"},
            },
        },
    },
    "Certificate": {
        "type": "object",
        "required": [
            "id",
            "title",
            "status",
            "verification_code",
            "valid_from",
            "valid_until",
            "links",
        ],
        "additionalProperties": False,
        "properties": {
            "id": {"type": "integer"},
            "title": {"type": "string"},
            "status": {"enum": ["pending", "valid", "expired", "revoked", "replaced"]},
            "verification_code": NULLABLE_TEXT,
            "valid_from": {"type": "string", "format": "date"},
            "valid_until": {"type": ["string", "null"], "format": "date"},
            "links": {
                "type": "object",
                "required": ["verify", "pdf"],
                "additionalProperties": False,
                "properties": {
                    "verify": {**NULLABLE_TEXT, "description": "The public verification page."},
                    "pdf": {**NULLABLE_TEXT, "description": "The signed PDF, with the token."},
                },
            },
        },
    },
    "Problem": {
        "type": "object",
        "required": ["type", "title", "status", "detail"],
        "additionalProperties": False,
        "properties": {
            "type": {"type": "string", "examples": ["urn:dzong:problem:invalid-answers"]},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "portal": {
                "type": "string",
                "format": "uri",
                "description": "Where the service is applied for on the portal instead.",
            },
            "errors": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["field", "message"],
                    "additionalProperties": False,
                    "properties": {
                        "field": {
                            "type": "string",
                            "description": "The question's code (group.index.code inside a "
                            "repeating group); empty for the application as a whole.",
                        },
                        "message": {"type": "string"},
                    },
                },
            },
        },
    },
}

SUBMIT = {
    "operationId": "submitApplication",
    "summary": "Submit an application to a service",
    "description": (
        "The answers are checked as the portal checks them. A request repeated with the same "
        "Idempotency-Key (a retry after a timeout) gives the same application, with status 200 "
        "and Idempotent-Replayed: true, never a second one."
    ),
    "parameters": [
        {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}},
        {
            "name": "Idempotency-Key",
            "in": "header",
            "description": "1 to 200 printable ASCII characters, unique per submission.",
            "schema": {"type": "string", "maxLength": 200},
        },
        LANGUAGE,
    ],
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Submission"}}},
    },
    "responses": {
        "201": _application_response("Submitted; Location is the application's address."),
        "200": _application_response("Submitted earlier with the same Idempotency-Key."),
        "400": _problem_response("The request cannot be read (not JSON, no answers, too large)."),
        "401": UNAUTHENTICATED,
        "403": _problem_response("The client may not submit to this service."),
        "404": _problem_response("No published service has this name."),
        "422": _problem_response(
            "Answers missing or wrong (a message per question); fees due before submission, "
            "which are paid on the portal (`portal` says where); or an Idempotency-Key "
            "already used with a different request."
        ),
        "429": TOO_MANY,
    },
}

READ = {
    "operationId": "getApplication",
    "summary": "One of the client's own applications",
    "parameters": [
        {"name": "reference", "in": "path", "required": True, "schema": {"type": "string"}},
        LANGUAGE,
    ],
    "responses": {
        "200": _application_response("Its status, registrations and certificates."),
        "401": UNAUTHENTICATED,
        "404": _problem_response("The client has no application with this reference."),
        "429": TOO_MANY,
    },
}

CERTIFICATE = {
    "operationId": "getCertificate",
    "summary": "A certificate of one of the client's applications, as its signed PDF",
    "parameters": [
        {"name": "reference", "in": "path", "required": True, "schema": {"type": "string"}},
        {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}},
    ],
    "responses": {
        "200": {
            "description": "The signed PDF (PAdES).",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        },
        "401": UNAUTHENTICATED,
        "404": _problem_response("No such certificate, or not issued yet."),
        "429": TOO_MANY,
    },
}


def openapi_document(address: str) -> dict[str, Any]:
    """The description, its server being the API's base address."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Dzong submissions API",
            "version": "1",
            "description": (
                "Submit applications from other systems (a community centre's, another "
                "agency's) and follow them. Each client has a token, created with `dzong "
                "api_clients create`, limited to some services and revocable."
            ),
        },
        "servers": [{"url": address.rsplit("/", 1)[0]}],
        "security": [{"token": []}],
        "paths": {
            "/services/{slug}/applications": {"post": SUBMIT},
            "/applications/{reference}": {"get": READ},
            "/applications/{reference}/certificates/{id}": {"get": CERTIFICATE},
            "/openapi.json": {
                "get": {
                    "operationId": "getOpenApi",
                    "summary": "This description",
                    "security": [],
                    "responses": {"200": {"description": "OpenAPI 3.1, JSON."}},
                }
            },
        },
        "components": {
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
            "schemas": SCHEMAS,
        },
    }
