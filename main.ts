// The Moddable "main" module: the firmware lives in firmware/ (relative imports resolve against module names).
import "./firmware/main";
