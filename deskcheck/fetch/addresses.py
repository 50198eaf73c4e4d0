"""Which network addresses a fetch may reach when private addresses are not allowed."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable

Resolver = Callable[[str], list[str]]

NAT64 = ipaddress.ip_network("64:ff9b::/96")


def system_resolver(host: str) -> list[str]:
    infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    return sorted({str(info[4][0]) for info in infos})


IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def _unwrap(address: IPAddress) -> list[IPAddress]:
    """The address and any IPv4 address embedded in it (mapped, 6to4, NAT64)."""
    found: list[IPAddress] = [address]
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped:
            found.append(address.ipv4_mapped)
        if address.sixtofour:
            found.append(address.sixtofour)
        if address in NAT64:
            found.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return found


def is_public(address: str) -> bool:
    """True only for globally routable addresses (not loopback, private, link-local,
    CGNAT, metadata 169.254.169.254, documentation or reserved ranges)."""
    try:
        parsed = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    return all(a.is_global and not a.is_multicast for a in _unwrap(parsed))
