def load(stdout=None, **_):
    return 0
