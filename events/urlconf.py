"""URL namespaces gathered from several modules, for the apps' root URLconfs.

A namespace is what templates and `reverse()` name; Django keeps one module per
namespace, so an app whose namespace spans subpackages includes their patterns
as one list under that name.
"""


def namespace(name: str, *modules) -> tuple[list, str]:
    """`include()` argument: the patterns of `modules`, in order, under namespace `name`."""
    return [pattern for module in modules for pattern in module.urlpatterns], name
