"""The two pages deskcheck adds to textual-serve's: the login form, and the logout control
put on textual-serve's own desk page (which is otherwise served as it is)."""

from __future__ import annotations

import re

LOGIN_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>deskcheck: log in</title>
<meta name="viewport" content="width=device-width">
<style>
body {{ background: #0c181f; color: #eee; font-family: system-ui, sans-serif; }}
form {{ max-width: 22em; margin: 6em auto; display: grid; gap: .6em; }}
input, button {{ font-size: 1.1em; padding: .4em; }}
.error {{ color: #f88; }}
</style></head>
<body><form method="post" action="/login">
<h1>deskcheck</h1>
{notice}
<label>Reviewer <input name="name" autocomplete="username" required autofocus></label>
<label>Password <input name="password" type="password" autocomplete="current-password"
 required></label>
<button type="submit">Log in</button>
</form></body></html>
"""

# a plain form (no script): the browser posts it with the desk's Origin, and the cookie goes
# with it; small, in a corner the desk does not draw in (its title bar's right end)
LOGOUT_CONTROL = """
<form id="deskcheck-logout" method="post" action="/logout"
 style="position: fixed; top: 0; right: 0; margin: 0; z-index: 30;">
<button type="submit" title="End this session: every tab it opened closes"
 style="margin: 0; padding: 2px 10px; font: 12px system-ui, sans-serif;
 background: #5e0ba7; color: #fff; border: none; cursor: pointer;">Log out</button>
</form>
"""


# textual-serve's page asks Google for its font: every reviewer's browser would tell a third
# party when it opens the desk, and a newsroom network without a way out waits on it before
# drawing anything (seconds). The terminal's own font list ends in "monospace".
THIRD_PARTY_FONT = re.compile(
    r'<link\s+rel="stylesheet"\s+href="https://fonts\.googleapis\.com/[^"]*"\s*/?>'
)


def desk_page(page: str) -> str:
    """textual-serve's page with nothing fetched from elsewhere, and the logout control
    before ``</body>``."""
    page = THIRD_PARTY_FONT.sub("", page)
    at = page.rfind("</body>")
    if at < 0:
        return page + LOGOUT_CONTROL
    return page[:at] + LOGOUT_CONTROL + page[at:]
