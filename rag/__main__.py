"""`python -m rag`: the program's entry point (not library code), handing over to the command line in cli/."""
from cli.main import main

main()
