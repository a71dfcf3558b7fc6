"""The quiz questions a fresh install starts with (read by migration 0002).

Teachers edit the questions in the admin afterwards; this file is only the
starting set. Changing it does not change a database that already has the
questions: that takes a new data migration.

Every question links to the lesson section that covers it (`anchor`, one of the
section ids agreed with the lesson bodies). Choices are (text, is_correct).
"""

MULTIPLE_CHOICE = "meerkeuze"
TRUE_FALSE = "waar_niet_waar"
SITUATION = "situatie"


def true_false(answer: bool) -> list[tuple[str, bool]]:
    return [("Waar", answer), ("Niet waar", not answer)]


QUESTIONS: list[dict] = [
    # --- 1. Wat is een deepfake? -------------------------------------------
    {
        "lesson": "wat-is-een-deepfake",
        "anchor": "het-woord",
        "kind": MULTIPLE_CHOICE,
        "text": "Waar komt het woord deepfake vandaan?",
        "choices": [
            ("Van deep (diep) en fake: een leugen die heel diep verstopt zit.", False),
            ("Van deep learning en fake.", True),
            ("Het is de naam van de eerste app die nepvideo’s maakte.", False),
        ],
        "explanation": (
            "Deepfake is een samenvoeging van deep learning en fake. Deep learning is een manier "
            "waarop een computer leert van heel veel voorbeelden. Fake is Engels voor nep. Het "
            "klinkt misschien alsof ‘deep’ betekent dat de leugen diep verstopt zit, maar het "
            "woord gaat over de techniek waarmee de nepvideo of nepfoto gemaakt is."
        ),
    },
    {
        "lesson": "wat-is-een-deepfake",
        "anchor": "soorten",
        "kind": TRUE_FALSE,
        "text": (
            "Een deepfake is altijd een filmpje waarin het gezicht van de ene persoon is "
            "verwisseld met dat van een ander."
        ),
        "choices": true_false(False),
        "explanation": (
            "Niet waar. Gezichten verwisselen is maar één soort deepfake. Een deepfake kan ook "
            "iemand dingen laten zeggen die hij nooit zei, iemand ouder of jonger maken of alleen "
            "een nagemaakte stem zijn. Ook een foto kan een deepfake zijn. Denk dus niet: ik zie "
            "geen ander gezicht, dus het is echt."
        ),
    },
    {
        "lesson": "wat-is-een-deepfake",
        "anchor": "misbruik",
        "kind": MULTIPLE_CHOICE,
        "text": (
            "In 2019 ging er een nepvideo met seks rond met het gezicht van een bekende "
            "Nederlandse presentatrice. Waarom is dat misbruik, ook als iedereen weet dat het "
            "nep is?"
        ),
        "choices": [
            ("Het is alleen misbruik als mensen denken dat het echt is.", False),
            ("Het is geen misbruik, want haar eigen lichaam is niet te zien.", False),
            (
                "Ze heeft er nooit toestemming voor gegeven, en het doet haar pijn en schade.",
                True,
            ),
        ],
        "explanation": (
            "Het gaat om toestemming. Niemand mag jouw gezicht in seksuele beelden zetten zonder "
            "dat jij dat wilt. Ook als kijkers weten dat het nep is, doet het de persoon pijn: "
            "de beelden blijven rondgaan en mensen kijken anders naar haar. Dat het lichaam van "
            "iemand anders is, maakt het niet minder erg. In 2019 was 96 procent van de "
            "deepfakes op internet porno zonder toestemming."
        ),
    },
    {
        "lesson": "wat-is-een-deepfake",
        "anchor": "apps",
        "kind": MULTIPLE_CHOICE,
        "text": "Wat is er veranderd sinds de eerste deepfakes?",
        "choices": [
            ("Je hebt nu alleen een telefoon met de juiste app nodig voor een deepfake.", True),
            ("Je hebt nog steeds een supercomputer en jaren studie nodig.", False),
            ("Apps voor deepfakes zijn overal verboden, dus niemand maakt ze nog.", False),
        ],
        "explanation": (
            "Vroeger had je veel kennis en een sterke computer nodig. Nu zijn er apps waarmee "
            "je in een paar seconden je eigen gezicht in een filmscène zet. Dat is leuk om mee "
            "te spelen, maar het maakt misbruik ook makkelijk. Een verbod op zulke apps is er "
            "niet overal, en ook wat verboden is, gebeurt soms toch."
        ),
    },
    # --- 2. Neurale netwerken ----------------------------------------------
    {
        "lesson": "neurale-netwerken",
        "anchor": "neuronen",
        "kind": MULTIPLE_CHOICE,
        "text": "Wat is een neuron in een neuraal netwerk?",
        "choices": [
            ("Een echte hersencel die in de computer zit.", False),
            (
                "Een klein rekenstukje dat signalen doorgeeft via verbindingen die sterker of "
                "zwakker kunnen worden.",
                True,
            ),
            ("Een regel die een programmeur heeft opgeschreven.", False),
        ],
        "explanation": (
            "Een neuron in een computer is een heel klein rekenstukje. Het krijgt getallen "
            "binnen, rekent ermee en geeft een signaal door aan de volgende neuronen. De "
            "verbindingen tussen neuronen kunnen sterker of zwakker worden. Het heet neuron "
            "omdat het een beetje lijkt op een hersencel, maar er zitten geen echte hersencellen "
            "in de computer."
        ),
    },
    {
        "lesson": "neurale-netwerken",
        "anchor": "lagen",
        "kind": MULTIPLE_CHOICE,
        "text": "Waar slaat het woord ‘deep’ (diep) in deep learning op?",
        "choices": [
            ("Op hoe diep de computer nadenkt, net als een mens.", False),
            ("Op de geheime, diepe delen van het internet.", False),
            ("Op de vele lagen neuronen die achter elkaar liggen.", True),
        ],
        "explanation": (
            "Een diep netwerk heeft veel lagen neuronen achter elkaar. De eerste lagen zien "
            "simpele dingen, zoals lijnen en randen. Latere lagen maken daar ogen, een neus en "
            "uiteindelijk een heel gezicht van. Het netwerk denkt niet na zoals jij: het "
            "rekent, laag na laag."
        ),
    },
    {
        "lesson": "neurale-netwerken",
        "anchor": "leren-van-voorbeelden",
        "kind": TRUE_FALSE,
        "text": (
            "Om een computer gezichten te laten herkennen, schrijft een programmeur precies op "
            "hoe een oog, een neus en een mond eruitzien."
        ),
        "choices": true_false(False),
        "explanation": (
            "Niet waar. Bij deep learning krijgt het netwerk duizenden voorbeelden te zien, zoals "
            "foto’s van gezichten. Het past zelf zijn verbindingen aan, tot het de patronen "
            "herkent. Niemand schrijft die regels op. Daarom heeft een programma voor deepfakes "
            "veel foto’s of filmpjes van iemand nodig."
        ),
    },
    {
        "lesson": "neurale-netwerken",
        "anchor": "leren-van-voorbeelden",
        "kind": MULTIPLE_CHOICE,
        "text": "Waarom lukt een deepfake van een bekend persoon vaak beter dan van een onbekende?",
        "choices": [
            ("Bekende mensen hebben makkelijkere gezichten.", False),
            ("Van bekende mensen zijn veel foto’s en filmpjes om van te leren.", True),
            ("Computers kennen bekende mensen al van tevoren.", False),
        ],
        "explanation": (
            "Een netwerk leert van voorbeelden. Hoe meer beelden er van iemand zijn, van alle "
            "kanten en met allerlei gezichten, hoe beter het resultaat. Van politici en sterren "
            "zijn er heel veel. Maar let op: ook van jou staan misschien al genoeg foto’s online "
            "om iets na te maken."
        ),
    },
    # --- 3. Het stinkende steegje ------------------------------------------
    {
        "lesson": "stinkend-steegje",
        "anchor": "het-steegje",
        "kind": MULTIPLE_CHOICE,
        "text": (
            "Je loopt elke dag langs een steegje dat vreselijk stinkt. Na een paar keer neem je "
            "een andere weg. Waardoor ben je anders gaan lopen?"
        ),
        "choices": [
            ("Door het nare signaal, de stank, dat je steeds weer kreeg.", True),
            ("Door iemand die je de regel gaf: loop daar niet.", False),
            ("Door toeval: je had gewoon zin in een andere weg.", False),
        ],
        "explanation": (
            "Niemand heeft het je verboden. Je kreeg steeds een onprettig signaal, en daardoor "
            "ging je vanzelf liever een andere weg nemen. Zo leert een neuraal netwerk ook: niet "
            "door regels, maar door signalen die zeggen of iets goed of slecht uitpakte."
        ),
    },
    {
        "lesson": "stinkend-steegje",
        "anchor": "feedback",
        "kind": TRUE_FALSE,
        "text": "Feedback werkt alleen als het een straf is.",
        "choices": true_false(False),
        "explanation": (
            "Niet waar. De stank in het steegje is een nare vorm van feedback, maar een beloning "
            "werkt ook. Een straat waar het lekker naar vers brood ruikt, neem je juist vaker. "
            "In een netwerk maakt feedback de ene verbinding sterker en de andere zwakker."
        ),
    },
    {
        "lesson": "stinkend-steegje",
        "anchor": "netwerk-leert",
        "kind": MULTIPLE_CHOICE,
        "text": "Wat gebeurt er in een neuraal netwerk als het een fout maakt?",
        "choices": [
            ("Het netwerk wordt helemaal opnieuw gebouwd.", False),
            ("Er gebeurt niets: de volgende keer doet het precies hetzelfde.", False),
            ("De verbindingen die tot de fout leidden, worden een beetje zwakker.", True),
        ],
        "explanation": (
            "Na elke fout worden de verbindingen een klein beetje bijgesteld. Paden naar een goed "
            "antwoord worden sterker, paden naar een fout worden zwakker. Zo wordt de goede route "
            "steeds waarschijnlijker, net als jouw nieuwe weg om het steegje heen. Het netwerk "
            "begint dus niet steeds opnieuw: het leert stapje voor stapje."
        ),
    },
    {
        "lesson": "stinkend-steegje",
        "anchor": "netwerk-leert",
        "kind": TRUE_FALSE,
        "text": (
            "Een neuraal netwerk heeft maar één keer feedback nodig om voorgoed de goede keuze "
            "te maken."
        ),
        "choices": true_false(False),
        "explanation": (
            "Niet waar. Ook jij nam pas na een paar keer een andere weg. Een netwerk verandert bij "
            "elke feedback maar een klein beetje. Vaak heeft het duizenden rondes nodig. Daardoor "
            "leert het langzaam, maar ook stevig: één toevallige keer stank gooit niet alles om."
        ),
    },
    # --- 4. GAN -------------------------------------------------------------
    {
        "lesson": "gan",
        "anchor": "maker-en-checker",
        "kind": MULTIPLE_CHOICE,
        "text": "Een GAN bestaat uit twee netwerken. Wat doen ze?",
        "choices": [
            (
                "De maker maakt nepbeelden, de checker probeert te zien of een beeld echt of "
                "nep is.",
                True,
            ),
            ("Het ene netwerk maakt het beeld, het andere zet het op internet.", False),
            ("Ze maken samen één beeld, elk de helft.", False),
        ],
        "explanation": (
            "In een GAN spelen twee netwerken tegen elkaar. De maker maakt beelden. De checker "
            "krijgt echte beelden en nepbeelden door elkaar te zien en moet zeggen welke nep "
            "zijn. Ze werken dus niet samen aan één beeld: ze zijn tegenstanders, en juist "
            "daardoor worden ze allebei beter."
        ),
    },
    {
        "lesson": "gan",
        "anchor": "ronde-na-ronde",
        "kind": MULTIPLE_CHOICE,
        "text": "Wat gebeurt er ronde na ronde in een GAN?",
        "choices": [
            ("De checker wordt steeds slechter, zodat de maker kan winnen.", False),
            ("De maker wordt beter in foppen en de checker beter in betrappen.", True),
            ("Alleen de maker leert; de checker blijft hetzelfde.", False),
        ],
        "explanation": (
            "Allebei leren ze van hun fouten. Betrapt de checker de maker, dan past de maker zich "
            "aan. Laat de checker zich foppen, dan past de checker zich aan. Zo dwingen ze elkaar "
            "om steeds beter te worden, een beetje zoals twee tennissers die tegen elkaar trainen."
        ),
    },
    {
        "lesson": "gan",
        "anchor": "wanneer-klaar",
        "kind": TRUE_FALSE,
        "text": (
            "Een GAN is klaar met trainen als de checker de nepbeelden niet meer van de echte "
            "kan onderscheiden."
        ),
        "choices": true_false(True),
        "explanation": (
            "Waar. Als de checker nog maar de helft van de keren goed zit, gokt hij eigenlijk. "
            "Dan lijken de nepbeelden zo op echte beelden dat het netwerk het verschil niet meer "
            "ziet. Dat betekent niet dat de beelden perfect zijn: wie goed controleert, vindt "
            "soms nog wel iets."
        ),
    },
    {
        "lesson": "gan",
        "anchor": "ronde-na-ronde",
        "kind": MULTIPLE_CHOICE,
        "text": "Waarom maakt de manier waarop een GAN leert, deepfakes moeilijk te herkennen?",
        "choices": [
            ("Omdat een GAN ook de echte beelden op internet verandert.", False),
            ("Omdat een GAN alleen in het geheim gebruikt wordt.", False),
            ("Omdat de maker leert om juist de foutjes te vermijden die een checker ziet.", True),
        ],
        "explanation": (
            "Een GAN is gebouwd om een checker te foppen. Vindt iemand een nieuw foutje waaraan "
            "je nep herkent, dan kan een maker getraind worden tegen een checker die precies "
            "daarop let. Dan verdwijnt dat foutje weer. Daarom is zoeken naar foutjes nooit "
            "genoeg."
        ),
    },
    # --- 5. Wat kun je ermee? ----------------------------------------------
    {
        "lesson": "toepassingen",
        "anchor": "goed",
        "kind": MULTIPLE_CHOICE,
        "text": "Welke toepassing van de techniek achter deepfakes helpt mensen?",
        "choices": [
            ("Een filmpje waarin een klasgenoot iets geks zegt wat hij nooit zei.", False),
            (
                "Iemand die door een ziekte niet meer kan praten, krijgt een computerstem die "
                "klinkt als zijn eigen stem.",
                True,
            ),
            ("Een bericht dat klinkt alsof een medewerker van je bank belt.", False),
        ],
        "explanation": (
            "Met oude opnames kan een computer een stem namaken. Voor iemand die door een ziekte "
            "niet meer kan praten, is dat een stukje van zichzelf terug. De andere twee gebruiken "
            "dezelfde techniek, maar zonder toestemming en om te misleiden. Het verschil zit dus "
            "niet in de techniek, maar in hoe je die gebruikt."
        ),
    },
    {
        "lesson": "toepassingen",
        "anchor": "goed",
        "kind": TRUE_FALSE,
        "text": (
            "Een filmmaker mag de techniek gebruiken om een acteur jonger te laten lijken, als "
            "de acteur dat goed vindt."
        ),
        "choices": true_false(True),
        "explanation": (
            "Waar. Dit gebeurt al in films en series, net als nasynchroniseren waarbij de mond "
            "meebeweegt met een andere taal. De acteur weet ervan en geeft toestemming, en de "
            "kijker weet dat een film verzonnen is. Toestemming en eerlijkheid maken het verschil "
            "tussen een handig hulpmiddel en misbruik."
        ),
    },
    {
        "lesson": "toepassingen",
        "anchor": "grijs-gebied",
        "kind": SITUATION,
        "situation": (
            "Online zie je een grappig filmpje waarin een bekende politicus een lied zingt over "
            "zijn eigen plannen. In de hoek staat: ‘Satire, gemaakt met AI’. Het filmpje komt "
            "van het account van een bekend satirisch programma op tv."
        ),
        "text": "Wat is de beste conclusie?",
        "choices": [
            ("Het is echt, anders zou een bekend programma het niet plaatsen.", False),
            (
                "Het is een deepfake, maar een eerlijke: er staat bij dat het satire is. Deel "
                "je het, zeg er dan ook bij dat het nep is.",
                True,
            ),
            ("Het is nep, dus het is net zo erg als nepnieuws.", False),
        ],
        "explanation": (
            "Satire is grappig bedoelde kritiek, en die mag. Dit filmpje zegt eerlijk dat het "
            "met AI gemaakt is, en het komt van een bekende afzender. Dat is iets anders dan "
            "nepnieuws, dat je wil laten geloven dat iets echt gebeurd is. Toch is dit een grijs "
            "gebied: stuurt iemand het filmpje door zonder dat label, dan denken mensen "
            "misschien dat het echt is."
        ),
    },
    {
        "lesson": "toepassingen",
        "anchor": "schadelijk",
        "kind": MULTIPLE_CHOICE,
        "text": "Wat maakt een deepfake schadelijk?",
        "choices": [
            ("Dat hij met een computer gemaakt is.", False),
            ("Dat hij er heel echt uitziet.", False),
            (
                "Dat hij mensen misleidt, of dat iemand erin staat zonder toestemming.",
                True,
            ),
        ],
        "explanation": (
            "De techniek zelf is niet goed of slecht. Een film vol computertrucs is ook nep, "
            "maar niemand wordt bedrogen. Een deepfake wordt schadelijk als hij mensen misleidt, "
            "bijvoorbeeld over een verkiezing, als hij iemand geld afpakt, of als hij iemand pijn "
            "doet, zoals nepnaaktfoto’s. Hoe echt hij eruitziet, maakt het risico groter, maar "
            "dat is niet wat hem schadelijk maakt."
        ),
    },
    # --- 6. De gevaren -----------------------------------------------------
    {
        "lesson": "gevaren",
        "anchor": "stemfraude",
        "kind": SITUATION,
        "situation": (
            "Je moeder krijgt op haar telefoon een spraakbericht van een onbekend nummer. Het "
            "klinkt precies als jij: ‘Hoi mam, mijn telefoon is kapot, dit is mijn nieuwe "
            "nummer. Kun je snel 400 euro overmaken? Ik leg het later uit.’"
        ),
        "text": "Wat kan je moeder het beste doen?",
        "choices": [
            ("Het geld overmaken: het is echt jouw stem, dus het klopt.", False),
            ("Eerst de helft overmaken, voor de zekerheid.", False),
            (
                "Eerst jou bellen op je oude, bekende nummer, of iets vragen wat alleen jij weet.",
                True,
            ),
        ],
        "explanation": (
            "Een stem is met een korte opname, bijvoorbeeld uit een filmpje online, na te maken. "
            "Dat het bericht klinkt als jij, bewijst dus niets. Oplichters zorgen voor haast, "
            "zodat je niet nadenkt. Bel terug op het nummer dat je al kende, of vraag iets wat "
            "een oplichter niet kan weten. Je kunt thuis ook een geheim codewoord afspreken."
        ),
    },
    {
        "lesson": "gevaren",
        "anchor": "naaktbeelden",
        "kind": SITUATION,
        "situation": (
            "In de groepsapp van je klas gaat een naaktfoto rond van een klasgenoot. Iedereen "
            "zegt dat het een deepfake is, gemaakt met een app."
        ),
        "text": "Wat doe je?",
        "choices": [
            ("Niets, het maakt niet zoveel uit, want het is toch nep.", False),
            (
                "Niet doorsturen, je klasgenoot steunen en het melden bij een volwassene die je "
                "vertrouwt en bij de app.",
                True,
            ),
            ("De foto naar je klasgenoot sturen, zodat die weet wat er rondgaat.", False),
        ],
        "explanation": (
            "Ook een naaktfoto die nep is, doet veel pijn. Anderen kijken ernaar alsof hij echt "
            "is, en elke keer dat iemand hem doorstuurt, wordt het erger. Zo’n foto maken of "
            "verspreiden is strafbaar, ook als hij nep is, en zeker als het om iemand onder de 18 "
            "gaat. "
            "Stuur hem dus nooit door, ook niet om te waarschuwen. Steun je klasgenoot, vertel "
            "het aan een volwassene die je vertrouwt en meld het bij de app. Op Helpwanted.nl "
            "vind je hulp."
        ),
    },
    {
        "lesson": "gevaren",
        "anchor": "chantage",
        "kind": SITUATION,
        "situation": (
            "Iemand die je niet kent, stuurt je een bericht: ‘Ik heb met AI een naaktfoto van "
            "jou gemaakt. Stuur me 100 euro, anders zet ik hem online en stuur ik hem naar je "
            "vrienden.’"
        ),
        "text": "Wat is het beste om te doen?",
        "choices": [
            ("Snel betalen, dan is het voorbij.", False),
            ("Niemand iets vertellen, anders weet iedereen ervan.", False),
            (
                "Niet betalen, screenshots maken, de persoon blokkeren en het meteen vertellen "
                "aan iemand die je vertrouwt.",
                True,
            ),
        ],
        "explanation": (
            "Dit is chantage: iemand dreigt met naaktbeelden om iets van je te krijgen. Betalen "
            "helpt bijna nooit, want daarna vragen afpersers vaak om meer. Jij hebt niets fout "
            "gedaan, de dader wel. Bewaar bewijs met screenshots van de berichten en het "
            "profiel, blokkeer de persoon en vertel het aan iemand die je vertrouwt. Meld het bij "
            "de politie en bij Helpwanted.nl. Zwijgen voelt veilig, maar dan sta je er alleen "
            "voor."
        ),
    },
    {
        "lesson": "gevaren",
        "anchor": "nepnieuws",
        "kind": TRUE_FALSE,
        "text": (
            "Een deepfake vlak voor een verkiezing kan schade doen, ook als een dag later "
            "bekend wordt dat hij nep is."
        ),
        "choices": true_false(True),
        "explanation": (
            "Waar. Nepnieuws gaat vaak sneller rond dan het bericht dat het nep is. Verschijnt "
            "een nepvideo van een politicus vlak voor de verkiezing, dan is er weinig tijd om "
            "het te controleren. Sommige mensen hebben dan al gestemd, of onthouden de video "
            "beter dan de rechtzetting. Er is nog een gevaar: mensen kunnen nu ook echte beelden "
            "wegzetten als ‘vast een deepfake’."
        ),
    },
    {
        "lesson": "gevaren",
        "anchor": "wat-doe-je",
        "kind": MULTIPLE_CHOICE,
        "text": (
            "Een vriendin vertelt je dat er een nepvideo van haar rondgaat. Wat helpt haar het "
            "meest?"
        ),
        "choices": [
            (
                "Luisteren, zeggen dat het niet haar schuld is en samen hulp zoeken: melden bij "
                "het platform en een volwassene of Helpwanted.nl inschakelen.",
                True,
            ),
            ("De video aan veel mensen laten zien, zodat iedereen weet dat het nep is.", False),
            ("Zeggen dat ze het moet negeren, dan gaat het vanzelf over.", False),
        ],
        "explanation": (
            "Het belangrijkste is dat ze er niet alleen voor staat. Het is nooit de schuld van "
            "het slachtoffer. Meld de video bij het platform, zodat het offline gehaald kan "
            "worden, en zoek hulp bij een volwassene of bij Helpwanted.nl. Bij dreigen of "
            "chantage kun je naar de politie. De video verder verspreiden om te laten zien "
            "dat het nep is, maakt het juist erger. En negeren helpt niet: de video verdwijnt "
            "niet vanzelf."
        ),
    },
    # --- 7. Hoe herken je een deepfake? ------------------------------------
    {
        "lesson": "herkennen",
        "anchor": "controleer-de-bron",
        "kind": SITUATION,
        "situation": (
            "Een vriend stuurt je een video van een bekende politicus op een vreemde plek: "
            "midden in een disco, met een feesthoed op. Hij zegt dat hij de belasting gaat "
            "verdubbelen. De video komt van een account dat je niet kent."
        ),
        "text": "Wat doe je het eerst?",
        "choices": [
            ("Goed kijken of hij normaal knippert. Zo ja, dan is het echt.", False),
            (
                "Nagaan waar de video vandaan komt: melden betrouwbare nieuwssites het ook, en "
                "kun je de originele video vinden?",
                True,
            ),
            ("De video doorsturen naar anderen met de vraag of hij echt is.", False),
        ],
        "explanation": (
            "Een vreemde plek en een schokkende uitspraak zijn redenen om extra op te letten. "
            "Kijken naar de ogen of de mond kan helpen, maar bewijst weinig: goede deepfakes "
            "knipperen gewoon. De sterkste controle is de bron. Wie heeft het geplaatst? "
            "Melden grote nieuwssites het ook? Vind je met omgekeerd zoeken op afbeeldingen de "
            "originele video? Doorsturen met een vraag zorgt vooral dat de nepvideo verder "
            "rondgaat."
        ),
    },
    {
        "lesson": "herkennen",
        "anchor": "knipperen",
        "kind": TRUE_FALSE,
        "text": "Knippert iemand in een video normaal, dan weet je zeker dat het geen deepfake is.",
        "choices": true_false(False),
        "explanation": (
            "Niet waar. De eerste deepfakes knipperden te weinig, omdat er op de foto’s waarvan "
            "ze leerden bijna nooit iemand met gesloten ogen stond. Dat werd in 2018 ontdekt, en "
            "makers hebben het snel opgelost. Weinig knipperen kan dus een aanwijzing zijn, maar "
            "normaal knipperen bewijst niets."
        ),
    },
    {
        "lesson": "herkennen",
        "anchor": "knipperen",
        "kind": MULTIPLE_CHOICE,
        "text": "Hoe vaak knippert iemand ongeveer met zijn ogen als hij met iemand praat?",
        "choices": [
            ("Zo’n 2 keer per minuut.", False),
            ("Zo’n 26 keer per minuut.", True),
            ("Zo’n 100 keer per minuut.", False),
        ],
        "explanation": (
            "In rust knipperen mensen zo’n 17 keer per minuut, in een gesprek vaker: ongeveer 26 "
            "keer. Bij het lezen is het veel minder, zo’n 4 keer. Iemand die een hele minuut "
            "praat zonder één keer te knipperen, valt dus op. Maar het verschilt per persoon en "
            "per moment. Het is een aanwijzing, geen bewijs."
        ),
    },
    {
        "lesson": "herkennen",
        "anchor": "mond",
        "kind": MULTIPLE_CHOICE,
        "text": "Waar zie je bij een deepfake vaak foutjes?",
        "choices": [
            (
                "Bij de mond en de tanden: die lopen in elkaar over of passen niet bij de woorden.",
                True,
            ),
            ("In de achtergrond: die is bij een deepfake altijd zwart.", False),
            ("Aan de kleren: een deepfake kan geen kleren maken.", False),
        ],
        "explanation": (
            "Een mond beweegt snel en verandert steeds van vorm. Tanden zijn lastig na te maken: "
            "soms lijken ze één witte strook. Ook passen de lippen niet altijd bij wat je hoort. "
            "De achtergrond en de kleren komen vaak gewoon uit een echte video, dus daar zie je "
            "meestal niets vreemds."
        ),
    },
    {
        "lesson": "herkennen",
        "anchor": "vage-pixels",
        "kind": MULTIPLE_CHOICE,
        "text": (
            "In een video is de rand van het gezicht vaag en flikkert die soms, terwijl de "
            "achtergrond scherp is. Wat zegt dat?"
        ),
        "choices": [
            ("Niets, dat komt altijd door een slechte camera.", False),
            ("Het bewijst dat de video een deepfake is.", False),
            (
                "Het kan erop wijzen dat er een ander gezicht overheen is gezet. Controleer "
                "daarna de bron.",
                True,
            ),
        ],
        "explanation": (
            "Bij een face swap wordt een nieuw gezicht over het oude gezet. Waar die twee elkaar "
            "raken, bij de kaak, de haren en de oren, zie je soms vage of flikkerende pixels. Is "
            "het hele beeld vaag, dan kan het ook aan de camera liggen. Is alleen het gezicht "
            "vaag, dan is dat verdacht. Bewijs is het niet: controleer ook altijd de bron."
        ),
    },
    {
        "lesson": "herkennen",
        "anchor": "luister",
        "kind": SITUATION,
        "situation": (
            "Je wordt gebeld. Een stem die klinkt als die van je opa zegt dat hij in de "
            "problemen zit, dat hij snel geld nodig heeft en dat je het aan niemand mag vertellen. "
            "De stem klinkt wat vlak, en je hoort hem geen adem halen tussen de zinnen."
        ),
        "text": "Wat is slim?",
        "choices": [
            ("Doen wat hij vraagt, want het is zijn stem.", False),
            ("Niets tegen je ouders zeggen, want hij vroeg om het geheim te houden.", False),
            (
                "Ophangen en je opa zelf terugbellen op zijn bekende nummer, of je ouders "
                "erbij halen.",
                True,
            ),
        ],
        "explanation": (
            "Een vlakke stem zonder ademhaling kan wijzen op een nagemaakte stem. Maar ook een "
            "stem die heel echt klinkt, kan nep zijn. Let vooral op de trucs: haast, geheimhouding "
            "en een vraag om geld. Bel zelf terug op een nummer dat je kent. Een echte opa vindt "
            "dat niet erg."
        ),
    },
    {
        "lesson": "herkennen",
        "anchor": "niet-genoeg",
        "kind": TRUE_FALSE,
        "text": "Met genoeg oefening kun je elke deepfake met je eigen ogen herkennen.",
        "choices": true_false(False),
        "explanation": (
            "Niet waar. In een onderzoek uit 2022 zagen mensen maar 48 van de 100 keer goed of "
            "een gezicht echt was of door AI gemaakt. Na uitleg werd dat 59 van de 100: beter, "
            "maar nog lang niet zeker. En de makers worden steeds beter. Kijken helpt, maar de "
            "bron controleren is het belangrijkst. Een gewaarschuwd mens telt voor twee."
        ),
    },
]
