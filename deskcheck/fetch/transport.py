"""An httpx transport that connects only to addresses it has checked.

Checking a host name before the request is not enough: DNS can answer differently a moment
later (rebinding), and every redirect hop is a new host. So the check sits where the socket
is opened: the network backend resolves the host once, refuses it if any address is not
public, and connects to the address it checked. TLS still verifies the certificate against
the host name, because httpcore passes the name, not the address, to the TLS layer.
"""

from __future__ import annotations

import typing
from collections.abc import Callable

import httpcore
import httpx

from deskcheck.fetch.addresses import Resolver, is_public, system_resolver


class AddressRefused(httpcore.ConnectError):
    """A host that resolves to a loopback, private, link-local or reserved address."""


class VettingBackend(httpcore.SyncBackend):
    def __init__(
        self,
        resolver: Resolver = system_resolver,
        address_allowed: Callable[[str], bool] = is_public,
    ) -> None:
        self.resolver = resolver
        self.address_allowed = address_allowed

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[typing.Any] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            addresses = self.resolver(host)
        except OSError as error:
            raise httpcore.ConnectError(f"cannot resolve {host} ({error})") from error
        if not addresses:
            raise httpcore.ConnectError(f"{host} resolves to no address")
        for address in addresses:
            if not self.address_allowed(address):
                raise AddressRefused(
                    f"{host} resolves to a non-public address ({address}); private addresses"
                    " are not allowed for this fetch"
                )
        return super().connect_tcp(addresses[0], port, timeout, local_address, socket_options)


class VettedTransport(httpx.HTTPTransport):
    """httpx's transport with the vetting backend underneath (no proxies: trust_env off)."""

    def __init__(self, backend: VettingBackend, max_connections: int = 20) -> None:
        super().__init__(trust_env=False)
        # httpx does not take a network backend, so its pool is replaced by one that has it
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=max_connections,
            network_backend=backend,
        )


def make_transport(
    *,
    allow_private: bool,
    resolver: Resolver = system_resolver,
    address_allowed: Callable[[str], bool] = is_public,
    max_connections: int = 20,
) -> httpx.BaseTransport:
    if allow_private:
        return httpx.HTTPTransport(
            trust_env=False, limits=httpx.Limits(max_connections=max_connections)
        )
    return VettedTransport(VettingBackend(resolver, address_allowed), max_connections)
