"""The work layer: every act of the desk that is more than a single Desk call, called alike
by the command line (``deskcheck.cli``) and the terminal UI (``deskcheck.ui``). Policies
(which addresses a URL may reach, what the two-person rule requires) are decided here once."""
