"""Per-base OpenAPI document and the offline Swagger UI page."""

from __future__ import annotations

from tests.api.conftest import Client, assert_error
from tests.api.test_data import met  # noqa: F401 - fixture


async def test_swagger_json_describes_every_table(client: Client, met: str) -> None:  # noqa: F811
    table = (await client.get(f"/api/v2/meta/tables/{met}")).body
    doc = (await client.get(f"/api/v2/meta/bases/{table['base_id']}/swagger.json")).body
    assert doc["openapi"].startswith("3.")
    assert [t["name"] for t in doc["tags"]] == ["Met"]
    root = f"/api/v2/tables/{met}/records"
    assert set(doc["paths"][root]) == {"get", "post", "patch", "delete"}
    assert f"{root}/{{recordId}}" in doc["paths"] and f"{root}/count" in doc["paths"]
    props = doc["components"]["schemas"]["MetResponse"]["properties"]
    assert props["Begin"]["type"] == "integer" and props["Highlight"]["type"] == "boolean"
    assert props["Department"]["enum"] == ["Arms and Armor", "Medieval Art"]
    assert "Id" not in doc["components"]["schemas"]["MetRequest"]["properties"]
    assert doc["components"]["schemas"]["MetResponse"]["example"]["Title"] == "Armor of Henry II"
    assert doc["components"]["securitySchemes"]["xcToken"]["name"] == "xc-token"


async def test_swagger_json_needs_a_token(client: Client, met: str) -> None:  # noqa: F811
    table = (await client.get(f"/api/v2/meta/tables/{met}")).body
    assert_error(await client.get(f"/api/v2/meta/bases/{table['base_id']}/swagger.json", token=None), 401)


async def test_swagger_page_and_assets_are_local(client: Client, met: str) -> None:  # noqa: F811
    table = (await client.get(f"/api/v2/meta/tables/{met}")).body
    page = await client.get(f"/api/v2/meta/bases/{table['base_id']}/swagger", token=None)
    assert page.status == 200 and "swagger-ui" in page.text
    assert "http://" not in page.text and "https://" not in page.text
    assert f"/api/v2/meta/bases/{table['base_id']}/swagger.json" in page.text
    js = await client.get("/static/swagger-ui/swagger-ui-bundle.js", token=None)
    assert js.status == 200 and len(js.text) > 100_000
    assert (await client.get("/static/swagger-ui/swagger-ui.css", token=None)).status == 200


async def test_meta_docs_page_is_served(client: Client) -> None:
    page = await client.get("/docs/swagger", token=None)
    assert page.status == 200 and "/static/swagger-ui/swagger-ui-bundle.js" in page.text
    spec = await client.get("/docs/openapi.json")
    assert spec.status == 200 and "/api/v2/meta/bases" in spec.body["paths"]
