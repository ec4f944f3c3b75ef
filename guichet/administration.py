"""What the portal adds to Django's admin."""

from django.utils.text import capfirst


class ListeModifiableNommee:
    """A ``ModelAdmin`` mixin: each field of ``list_editable`` is named after its column and its
    row (« Poids : Eau potable → Ademe (3) »). In the changelist's table these fields have no
    label, which leaves a screen reader with an anonymous input on every row."""

    def get_changelist_form(self, request, **kwargs):
        formulaire = super().get_changelist_form(request, **kwargs)

        class LigneNommee(formulaire):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                for champ in self.fields.values():
                    if not champ.widget.is_hidden:
                        nom = f"{capfirst(champ.label)} : {self.instance}"
                        champ.widget.attrs["aria-label"] = nom

        return LigneNommee
