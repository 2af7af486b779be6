"""The API explorer's parts: endpoints read from the per-base OpenAPI document, requests and
their snippets (pure), the session's history and local server, and the widgets of its screen
(``tui.screens.api_explorer``)."""
