"""The demos' input: every button and field checked before the maths runs."""

from django import forms

from demos import alley, gan, neuron


class AlleyForm(forms.Form):
    actie = forms.ChoiceField(
        choices=[
            ("straf", "Straf geven"),
            ("beloning", "Beloning geven"),
            ("lopen", "Nog een keer lopen"),
            ("opnieuw", "Opnieuw beginnen"),
        ]
    )
    leersnelheid = forms.FloatField(
        label="Leersnelheid",
        required=False,
        min_value=alley.MIN_LEARNING_RATE,
        max_value=alley.MAX_LEARNING_RATE,
        error_messages={
            "invalid": "Kies een getal van 0,1 tot en met 3.",
            "min_value": "Kies een getal van 0,1 tot en met 3.",
            "max_value": "Kies een getal van 0,1 tot en met 3.",
        },
    )

    @property
    def rate(self) -> float:
        rate = self.cleaned_data.get("leersnelheid")
        return alley.LEARNING_RATE if rate is None else rate


def _weight_field(label: str) -> forms.FloatField:
    limit = neuron.WEIGHT_LIMIT
    out_of_range = "Kies een getal van −5 tot en met 5."
    return forms.FloatField(
        label=label,
        error_messages={
            "required": "Vul hier een getal in.",
            "invalid": "Vul een getal in, bijvoorbeeld 1,5 of −2.",
            "min_value": out_of_range,
            "max_value": out_of_range,
        },
        min_value=-limit,
        max_value=limit,
        widget=forms.NumberInput(attrs={"step": "0.1", "data-range": ""}),
    )


class NeuronForm(forms.Form):
    """The single neuron: three yes/no inputs, their weights, the bias and the activation."""

    zon = forms.BooleanField(label="De zon schijnt", required=False)
    weekend = forms.BooleanField(label="Het is weekend", required=False)
    huiswerk = forms.BooleanField(label="Je hebt veel huiswerk", required=False)
    gewicht_zon = _weight_field("Gewicht bij ‘de zon schijnt’")
    gewicht_weekend = _weight_field("Gewicht bij ‘het is weekend’")
    gewicht_huiswerk = _weight_field("Gewicht bij ‘veel huiswerk’")
    bias = _weight_field("Bias")
    activatie = forms.ChoiceField(
        label="Activatiefunctie",
        choices=[
            ("stap", "Drempelfunctie (0 of 1)"),
            ("sigmoid", "Vloeiende functie (tussen 0 en 1)"),
        ],
    )

    def calculation(self) -> dict:
        data = self.cleaned_data
        keys = [key for key, _ in neuron.INPUTS]
        return {
            "inputs": [int(data[key]) for key in keys],
            "weights": [data[f"gewicht_{key}"] for key in keys],
            "bias": data["bias"],
            "activation": data["activatie"],
        }

    @staticmethod
    def initial_for(calc: dict) -> dict:
        keys = [key for key, _ in neuron.INPUTS]
        initial = {key: bool(x) for key, x in zip(keys, calc["inputs"], strict=True)}
        initial |= {
            f"gewicht_{key}": round(w, 2) for key, w in zip(keys, calc["weights"], strict=True)
        }
        return initial | {"bias": round(calc["bias"], 2), "activatie": calc["activation"]}


class LearnerForm(forms.Form):
    actie = forms.ChoiceField(
        choices=[
            ("stap", "Leer van één voorbeeld"),
            ("ronde", "Leer van alle vier"),
            ("opnieuw", "Opnieuw beginnen"),
        ]
    )
    # Only read when starting again: which rule the network must learn.
    regel = forms.ChoiceField(
        label="Welke regel moet het netwerk leren?",
        choices=[(key, text) for key, (text, _) in neuron.RULES.items()],
        required=False,
    )


class GanForm(forms.Form):
    actie = forms.ChoiceField(
        choices=[
            ("train_10", "Train 10 stappen"),
            ("train_50", "Train 50 stappen"),
            ("einde", "Train tot het einde"),
            ("opnieuw", "Opnieuw beginnen"),
        ]
    )

    @property
    def steps(self) -> int:
        """How many steps to train: 0 starts again; ``einde`` trains the whole run."""
        action = self.cleaned_data["actie"]
        if action == "einde":
            return gan.MAX_STEPS
        return int(action.removeprefix("train_")) if action.startswith("train_") else 0


def first_error(form: forms.Form) -> str:
    """One Dutch sentence that says what was wrong, naming the field."""
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        if name == "actie" or field is None:
            return "Deze knop kennen we niet. Laad de pagina opnieuw en probeer het nog eens."
        return f"{field.label}: {errors[0]}"
    return "Er ging iets mis met je invoer."
