"""`deskcheck serve`: the desk in a web browser, for the reviewer who logged in.

textual-serve's ``Server`` is an aiohttp application that runs one app per websocket. On its
own it checks nothing: any page a reviewer visits could open ``ws://127.0.0.1:8000/ws``,
read the queue and type into the desk. ``DeskServer`` puts a
guard in front of every route:

- **Who.** A session cookie signed with the desk's own secret (itsdangerous), HttpOnly and
  SameSite=Strict. It is set in one of two ways, as Jupyter and Datasette do: by a one-time
  token in the URL that `serve` prints for the person who started it, or (``--team``) by a
  login page that checks a reviewer's password against the desk's logins (scrypt hashes).
  Failed logins are recorded on the desk and limited per address and per login, counted
  and refused in one transaction (``deskcheck.work.logins``).
- **From where.** The websocket and every state-changing request must carry an ``Origin``
  that is the served origin (or one allowed for a reverse proxy); anything else gets 403 and
  a line in the server's log, and never reaches an app.
- **As whom.** Each websocket gets an app forked for the reviewer of its session by the warm
  parent (``warm_parent``), which sets the reviewer in the child before any desk code runs;
  the browser only sends keys and sizes, and nothing in the app lets it choose another
  reviewer. A session may have ``--tabs-per-session`` tabs open (4 unless told). The app
  records ``via: {through: serve, address}`` in every event it writes.

The token, the cookie and passwords are never logged; the request log shows paths only.

Modules: ``server`` (the guard, logins, logout), ``sessions`` (cookies, logouts, tabs per
session), ``tabs`` (one websocket and its app), ``warm_parent`` (forking apps), ``pages``.
"""

from deskcheck.ui.serve.server import LOOPBACK, DeskServer, ServeConfig
from deskcheck.ui.serve.sessions import secret_for

__all__ = ["LOOPBACK", "DeskServer", "ServeConfig", "secret_for"]
