"""course_lib: the reference library of *Structuring ML Projects - the workbook*.

Importing the package is cheap: heavy dependencies (pandas, matplotlib,
scikit-learn) are imported only by the submodules that need them.
"""

from __future__ import annotations

__version__ = "0.1.0"
