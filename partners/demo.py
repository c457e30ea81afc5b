"""Demo content for this section, loaded by `manage.py load_demo_content`."""


def load(home):
    """Create this section's demo pages under `home`; must be idempotent."""
