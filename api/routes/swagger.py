"""Per-base OpenAPI (``/swagger.json``, authenticated) and its Swagger UI page (public HTML).

The page and Swagger UI's JS/CSS are served by gridbase itself from the ``swagger-ui-bundle-v2``
package, so it works on a server with no internet. The page asks for the API token (or takes
it from ``#token=…`` in the URL) and sends it as ``xc-token`` with every request, including the
fetch of the document, which holds sample rows and must not be public.
"""

from __future__ import annotations

import html
from pathlib import Path

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, html as html_response, json
from swagger_ui_bundle import swagger_ui_path

from api.auth import require_base
from api.routes import add_routes
from core.openapi import base_document
from core.schema.bases import get_base

bp = Blueprint("swagger")
ASSETS_URL = "/static/swagger-ui"
TEMPLATE_PATH = Path(__file__).resolve().parent.parent / "templates" / "swagger.html"
TEMPLATE = TEMPLATE_PATH.read_text()
PREFIXES = ("/api/v2/meta/bases", "/api/v1/db/meta/projects")


def swagger_page(title: str, spec_url: str) -> str:
    """The same template sanic-ext renders for ``/docs``, filled in for one base."""
    return (TEMPLATE.replace("__HTML_TITLE__", html.escape(title)).replace("__CDN_URL__", ASSETS_URL)
            .replace("__URL_PREFIX__", "").replace("__URI_TO_JSON__", spec_url))


async def base_swagger_json(request: Request, base_id: str) -> HTTPResponse:
    require_base(request, base_id)
    base = await get_base(base_id)
    server = f"{request.scheme}://{request.host}"
    return json(await base_document(base, server))


async def base_swagger_page(request: Request, base_id: str) -> HTTPResponse:
    spec_url = f"{PREFIXES[0]}/{base_id}/swagger.json"
    return html_response(swagger_page(f"gridbase — base {base_id}", spec_url))


add_routes(bp, base_swagger_json, [f"{p}/<base_id:str>/swagger.json" for p in PREFIXES], ["GET"],
           "swagger_json")
add_routes(bp, base_swagger_page, [f"{p}/<base_id:str>/swagger" for p in PREFIXES], ["GET"],
           "swagger_page", ctx_public=True)
bp.static(ASSETS_URL, str(swagger_ui_path), name="swagger_assets")


SANIC_EXT_CONFIG = {
    "OAS_UI_REDOC": False, "OAS_UI_SWAGGER": True, "OAS_UI_DEFAULT": "swagger",
    "OAS_PATH_TO_SWAGGER_HTML": str(TEMPLATE_PATH), "OAS_UI_SWAGGER_CDN_URL": ASSETS_URL,
    "OAS_UI_SWAGGER_HTML_TITLE": "gridbase meta API",
}
