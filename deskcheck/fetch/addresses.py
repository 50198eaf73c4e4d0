"""Which network addresses a fetch may reach when private addresses are not allowed."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable

Resolver = Callable[[str], list[str]]

NAT64 = ipaddress.ip_network("64:ff9b::/96")
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")  # deprecated ::a.b.c.d
IPV4_TRANSLATED = ipaddress.ip_network("::ffff:0:0:0/96")  # SIIT ::ffff:0:a.b.c.d
# Not global, whatever the running Python's table says (it changed in 3.11.8 and 3.12.1)
NEVER_PUBLIC = tuple(
    ipaddress.ip_network(n)
    for n in (
        "192.0.0.0/24",  # IETF protocol assignments (192.0.0.192: a cloud's metadata address)
        "fec0::/10",  # site-local, deprecated yet still routed inside some networks
        "64:ff9b:1::/48",  # NAT64 for local use (RFC 8215): it leads into the host's network
    )
)


def system_resolver(host: str) -> list[str]:
    infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    return sorted({str(info[4][0]) for info in infos})


IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def _unwrap(address: IPAddress) -> list[IPAddress]:
    """The address and any IPv4 address embedded in it (mapped, compatible, translated,
    6to4, NAT64)."""
    found: list[IPAddress] = [address]
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped:
            found.append(address.ipv4_mapped)
        if address.sixtofour:
            found.append(address.sixtofour)
        if address in NAT64 or address in IPV4_COMPATIBLE or address in IPV4_TRANSLATED:
            found.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return found


def is_public(address: str) -> bool:
    """True only for globally routable addresses (not loopback, private, link-local,
    CGNAT, metadata 169.254.169.254, documentation or reserved ranges)."""
    try:
        parsed = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    return all(
        a.is_global and not a.is_multicast and not any(a in n for n in NEVER_PUBLIC)
        for a in _unwrap(parsed)
    )
