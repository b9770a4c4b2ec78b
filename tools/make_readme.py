"""Write README.md from the markdown cells of nbs/index.ipynb (nbdev-readme needs Quarto, which offline machines lack)."""
import json, sys
from pathlib import Path
root = Path(__file__).resolve().parent.parent
cells = json.loads((root/'nbs'/'index.ipynb').read_text())['cells']
text = '\n\n'.join(''.join(c['source']).strip() for c in cells if c['cell_type'] == 'markdown') + '\n'
readme = root/'README.md'
if '--check' in sys.argv:
    if not readme.exists() or readme.read_text() != text: sys.exit('README.md is out of step with nbs/index.ipynb: run python tools/make_readme.py')
else: readme.write_text(text)
