"""The zwgk server (FastAPI): SPARQL 1.1 endpoint, resolvable URIs with content negotiation, HTML views,
dumps with DCAT/VoID. `create_app(ServerSettings)` builds the application; `zwgk serve` runs it.

Imports are lazy so that query worker processes (`python -m zwgk.server.sandbox`) start light."""

__all__ = ["create_app", "ServerSettings"]


def __getattr__(name):
    if name == "create_app":
        from .app import create_app
        return create_app
    if name == "ServerSettings":
        from .settings import ServerSettings
        return ServerSettings
    raise AttributeError(name)
