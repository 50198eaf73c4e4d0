from deskcheck.cli import main

main()
