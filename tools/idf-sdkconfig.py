#!/usr/bin/env python3
"""
check:idf only: writes the sdkconfig.h an ESP-IDF build would generate, from the
IDF checkout's own Kconfig tree (every component's Kconfig and Kconfig.projbuild,
as tools/cmake/kconfig.cmake lists them) and sdkconfig defaults files (Moddable's
build/devices/esp32/xsProj-<target>/sdkconfig.defaults, a board's own), with
Debian's kconfiglib (python3-kconfiglib) standing in for esp-idf-kconfig.

One compatibility shim: esp-idf-kconfig accepts `help` on a `menu`, kconfiglib
14.1 does not know the attribute; menu nodes get an empty one.

usage: idf-sdkconfig.py TARGET OUT_DIR DEFAULTS...   (IDF_PATH in the environment)
"""
import glob
import os
import sys

sys.path.insert(0, "/usr/lib/python3/dist-packages")
try:
    import kconfiglib
except ImportError:
    sys.exit("error: kconfiglib not found: apt-get install python3-kconfiglib")

_menu_init = kconfiglib.MenuNode.__init__


def _menu_node_init(self, *args, **kwargs):
    _menu_init(self, *args, **kwargs)
    if not hasattr(self, "help"):
        self.help = None


kconfiglib.MenuNode.__init__ = _menu_node_init


def main() -> None:
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    idf = os.environ.get("IDF_PATH") or sys.exit("error: IDF_PATH is not set")
    target, out = sys.argv[1], os.path.abspath(sys.argv[2])
    os.makedirs(out, exist_ok=True)
    lists = {
        "kconfigs.in": sorted(glob.glob(f"{idf}/components/*/Kconfig")),
        "kconfigs_projbuild.in": sorted(glob.glob(f"{idf}/components/*/Kconfig.projbuild")),
        "excluded.in": [],
        "excluded_projbuild.in": [],
    }
    for name, files in lists.items():
        with open(os.path.join(out, name), "w", encoding="utf-8") as f:
            f.write("\n".join(f'source "{p}"' for p in files))
    os.environ.update(
        IDF_TARGET=target, IDF_TOOLCHAIN="gcc", IDF_PATH=idf, IDF_INIT_VERSION="6.0.0", IDF_VERSION="6.0.0",
        IDF_ENV_FPGA="n", IDF_MINIMAL_BUILD="n", IDF_BUILD_V2="n", IDF_CI_BUILD="n", IDF_DOC_BUILD="n",
        COMPONENT_KCONFIGS_SOURCE_FILE=os.path.join(out, "kconfigs.in"),
        COMPONENT_KCONFIGS_PROJBUILD_SOURCE_FILE=os.path.join(out, "kconfigs_projbuild.in"),
        COMPONENT_KCONFIGS_EXCLUDED_SOURCE_FILE=os.path.join(out, "excluded.in"),
        COMPONENT_KCONFIGS_PROJBUILD_EXCLUDED_SOURCE_FILE=os.path.join(out, "excluded_projbuild.in"),
    )
    kconf = kconfiglib.Kconfig(os.path.join(idf, "Kconfig"), warn_to_stderr=False)
    for defaults in sys.argv[3:]:
        kconf.load_config(defaults, replace=False)
    kconf.write_autoconf(os.path.join(out, "sdkconfig.h"))
    print(f"{target}: {len(kconf.unique_defined_syms)} Kconfig symbols from {len(lists['kconfigs.in'])} components")


main()
