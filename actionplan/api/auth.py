from ninja.security import HttpBearer

from .services import token_authenticate


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`; the request then acts as the token's owner."""

    openapi_description = "An API token made under Arbejdsrum → API-nøgler."

    def authenticate(self, request, token: str):
        return token_authenticate(token)
