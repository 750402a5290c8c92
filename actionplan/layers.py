"""The apps in layers, highest first: an app imports only from the layers below its own.

config (settings, urls) sits above everything; cli.py is the command line. The interfaces
(staff workspace, public portal, API, plain web pages) call the domain; the domain apps are
ordered by their models' foreign keys (a grant points at a project, a project at a plan, a plan
at an organisation); core is the shared base. A lower app that must reach a higher one exposes
a hook (a signal or a registry) that the higher app fills in its AppConfig.ready().

tests/core/test_layers.py checks every import in actionplan/ (and config/) against this.
"""

LAYERS: tuple[tuple[str, ...], ...] = (
    ("config", "cli"),
    ("workspace", "portal", "api", "web"),
    ("opendata",),
    ("jobs",),
    ("privacy",),
    ("attachments",),
    ("demo", "synth"),
    ("ingest",),
    ("reports",),
    ("notices",),
    ("rounds",),
    ("accounts",),
    ("projects",),
    ("indicators",),
    ("plans",),
    ("organisations",),
    ("core",),
)

# Apps on one layer that may import each other (importer, imported): the command line reads
# where the installation keeps its files (config.paths) before it loads the settings.
SIDEWAYS: frozenset[tuple[str, str]] = frozenset({("cli", "config")})


def rank(app: str) -> int:
    """The app's layer: 0 for the top."""
    for index, layer in enumerate(LAYERS):
        if app in layer:
            return index
    raise KeyError(f"{app!r} is in no layer of actionplan/layers.py")


def allowed(importer: str, imported: str) -> bool:
    if importer == imported:
        return True
    below = rank(importer) < rank(imported)
    return below or (rank(importer) == rank(imported) and (importer, imported) in SIDEWAYS)
