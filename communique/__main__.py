"""`python -m communique …` is the `communique` command."""
from communique.cli import app

app(prog_name="communique")
