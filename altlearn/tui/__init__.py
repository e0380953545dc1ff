"""The terminal app (Textual). The only package that imports textual.

Screens call the study, packs and sync layers; they hold no SQL, no parsing and
no git. Pack text is untrusted: it reaches the screen only through
:mod:`altlearn.tui.text`, never as Textual markup.
"""
