/**
 * translation: word-by-word (longest phrase first) with a small built-in dictionary between
 * English, French, German, Spanish, Italian, Portuguese and Romanian, pivoting through English.
 * Words it does not know (names, numbers, rare words) pass through unchanged, as do languages it
 * has no dictionary for. `src_lang`/`tgt_lang` (any of `fr`, `fr_XX`, `fra_Latn`, `French`) are
 * honoured for multilingual models, T5's `translate English to German:` prefix too; fixed-pair
 * models (Marian) ignore them as the real pipeline does. Output `[{ translation_text }]`.
 */
import { boolParam, generationLimit, inputsOf, paramsOf, stringOrList, strParam } from './request';
import { own, tokenize } from './embeddings';
import { cutToTokens } from './summarization';
import { EngineInputError, type CatalogueModel, type Engine } from './types';

const LANGS = ['en', 'fr', 'de', 'es', 'it', 'pt', 'ro'] as const;
type Lang = (typeof LANGS)[number];

// en | fr | de | es | it | pt | ro — an empty cell drops the word (e.g. subject pronouns).
const TABLE = `
good morning|bonjour|guten Morgen|buenos días|buongiorno|bom dia|bună dimineața
good evening|bonsoir|guten Abend|buenas tardes|buonasera|boa noite|bună seara
good night|bonne nuit|gute Nacht|buenas noches|buona notte|boa noite|noapte bună
thank you|merci|danke|gracias|grazie|obrigado|mulțumesc
thanks|merci|danke|gracias|grazie|obrigado|mersi
how are you|comment allez-vous|wie geht es dir|cómo estás|come stai|como está|ce mai faci
what is your name|comment vous appelez-vous|wie heißt du|cómo te llamas|come ti chiami|qual é o seu nome|cum te numești
my name is|je m'appelle|ich heiße|me llamo|mi chiamo|meu nome é|numele meu este
i love you|je t'aime|ich liebe dich|te quiero|ti amo|eu te amo|te iubesc
i love|j'aime|ich liebe|amo|amo|amo|iubesc
we love|nous aimons|wir lieben|amamos|amiamo|amamos|iubim
you love|vous aimez|du liebst|amas|ami|você ama|iubești
i don't know|je ne sais pas|ich weiß nicht|no sé|non lo so|não sei|nu știu
see you later|à plus tard|bis später|hasta luego|a dopo|até logo|pe curând
excuse me|excusez-moi|entschuldigung|disculpe|mi scusi|com licença|scuzați-mă
of course|bien sûr|natürlich|por supuesto|certo|claro|desigur
you're welcome|de rien|gern geschehen|de nada|prego|de nada|cu plăcere
the weather is nice|il fait beau|das Wetter ist schön|hace buen tiempo|il tempo è bello|o tempo está bom|vremea este frumoasă
there is|il y a|es gibt|hay|c'è|há|există
i am|je suis|ich bin|soy|sono|sou|sunt
you are|vous êtes|du bist|eres|sei|você é|ești
it is|c'est|es ist|es|è|é|este
we are|nous sommes|wir sind|somos|siamo|somos|suntem
they are|ils sont|sie sind|son|sono|são|sunt
i have|j'ai|ich habe|tengo|ho|tenho|am
do you speak|parlez-vous|sprichst du|hablas|parli|você fala|vorbești
the house|la maison|das Haus|la casa|la casa|a casa|casa
the cat|le chat|die Katze|el gato|il gatto|o gato|pisica
the dog|le chien|der Hund|el perro|il cane|o cachorro|câinele
the book|le livre|das Buch|el libro|il libro|o livro|cartea
the car|la voiture|das Auto|el coche|la macchina|o carro|mașina
the world|le monde|die Welt|el mundo|il mondo|o mundo|lumea
the sun|le soleil|die Sonne|el sol|il sole|o sol|soarele
the moon|la lune|der Mond|la luna|la luna|a lua|luna
the sea|la mer|das Meer|el mar|il mare|o mar|marea
the city|la ville|die Stadt|la ciudad|la città|a cidade|orașul
the water|l'eau|das Wasser|el agua|l'acqua|a água|apa
the man|l'homme|der Mann|el hombre|l'uomo|o homem|bărbatul
the woman|la femme|die Frau|la mujer|la donna|a mulher|femeia
the child|l'enfant|das Kind|el niño|il bambino|a criança|copilul
the family|la famille|die Familie|la familia|la famiglia|a família|familia
the school|l'école|die Schule|la escuela|la scuola|a escola|școala
the train|le train|der Zug|el tren|il treno|o trem|trenul
the street|la rue|die Straße|la calle|la strada|a rua|strada
the night|la nuit|die Nacht|la noche|la notte|a noite|noaptea
the day|le jour|der Tag|el día|il giorno|o dia|ziua
the food|la nourriture|das Essen|la comida|il cibo|a comida|mâncarea
the music|la musique|die Musik|la música|la musica|a música|muzica
the coffee|le café|der Kaffee|el café|il caffè|o café|cafeaua
the people|les gens|die Leute|la gente|la gente|as pessoas|oamenii
hello|bonjour|hallo|hola|ciao|olá|salut
hi|salut|hallo|hola|ciao|oi|salut
goodbye|au revoir|auf Wiedersehen|adiós|arrivederci|adeus|la revedere
please|s'il vous plaît|bitte|por favor|per favore|por favor|vă rog
yes|oui|ja|sí|sì|sim|da
no|non|nein|no|no|não|nu
i|je|ich|yo|io|eu|eu
you|vous|du|tú|tu|você|tu
he|il|er|él|lui|ele|el
she|elle|sie|ella|lei|ela|ea
we|nous|wir|nosotros|noi|nós|noi
they|ils|sie|ellos|loro|eles|ei
it|il|es||||
is|est|ist|es|è|é|este
are|sont|sind|son|sono|são|sunt
was|était|war|era|era|era|era
the|le|die|el|il|o|
a|un|ein|un|un|um|un
an|un|ein|un|un|um|un
and|et|und|y|e|e|și
or|ou|oder|o|o|ou|sau
but|mais|aber|pero|ma|mas|dar
not|pas|nicht|no|non|não|nu
with|avec|mit|con|con|com|cu
without|sans|ohne|sin|senza|sem|fără
for|pour|für|para|per|para|pentru
in|dans|in|en|in|em|în
on|sur|auf|en|su|em|pe
of|de|von|de|di|de|de
to|à|zu|a|a|para|la
from|de|aus|de|da|de|din
this|ce|dies|esto|questo|isto|acest
that|cela|das|eso|quello|aquilo|acela
my|mon|mein|mi|mio|meu|meu
your|votre|dein|tu|tuo|seu|tău
our|notre|unser|nuestro|nostro|nosso|nostru
very|très|sehr|muy|molto|muito|foarte
good|bon|gut|bueno|buono|bom|bun
bad|mauvais|schlecht|malo|cattivo|mau|rău
big|grand|groß|grande|grande|grande|mare
small|petit|klein|pequeño|piccolo|pequeno|mic
new|nouveau|neu|nuevo|nuovo|novo|nou
old|vieux|alt|viejo|vecchio|velho|vechi
beautiful|beau|schön|hermoso|bello|bonito|frumos
happy|heureux|glücklich|feliz|felice|feliz|fericit
hot|chaud|heiß|caliente|caldo|quente|fierbinte
cold|froid|kalt|frío|freddo|frio|rece
today|aujourd'hui|heute|hoy|oggi|hoje|astăzi
tomorrow|demain|morgen|mañana|domani|amanhã|mâine
yesterday|hier|gestern|ayer|ieri|ontem|ieri
now|maintenant|jetzt|ahora|adesso|agora|acum
always|toujours|immer|siempre|sempre|sempre|mereu
never|jamais|nie|nunca|mai|nunca|niciodată
here|ici|hier|aquí|qui|aqui|aici
there|là|dort|allí|lì|lá|acolo
where|où|wo|dónde|dove|onde|unde
what|quoi|was|qué|cosa|o que|ce
who|qui|wer|quién|chi|quem|cine
why|pourquoi|warum|por qué|perché|por que|de ce
how|comment|wie|cómo|come|como|cum
when|quand|wann|cuándo|quando|quando|când
house|maison|Haus|casa|casa|casa|casă
home|maison|Zuhause|casa|casa|casa|acasă
cat|chat|Katze|gato|gatto|gato|pisică
dog|chien|Hund|perro|cane|cachorro|câine
book|livre|Buch|libro|libro|livro|carte
water|eau|Wasser|agua|acqua|água|apă
bread|pain|Brot|pan|pane|pão|pâine
wine|vin|Wein|vino|vino|vinho|vin
coffee|café|Kaffee|café|caffè|café|cafea
tea|thé|Tee|té|tè|chá|ceai
food|nourriture|Essen|comida|cibo|comida|mâncare
city|ville|Stadt|ciudad|città|cidade|oraș
country|pays|Land|país|paese|país|țară
world|monde|Welt|mundo|mondo|mundo|lume
day|jour|Tag|día|giorno|dia|zi
night|nuit|Nacht|noche|notte|noite|noapte
morning|matin|Morgen|mañana|mattina|manhã|dimineață
time|temps|Zeit|tiempo|tempo|tempo|timp
year|année|Jahr|año|anno|ano|an
week|semaine|Woche|semana|settimana|semana|săptămână
man|homme|Mann|hombre|uomo|homem|bărbat
woman|femme|Frau|mujer|donna|mulher|femeie
child|enfant|Kind|niño|bambino|criança|copil
friend|ami|Freund|amigo|amico|amigo|prieten
family|famille|Familie|familia|famiglia|família|familie
school|école|Schule|escuela|scuola|escola|școală
work|travail|Arbeit|trabajo|lavoro|trabalho|muncă
car|voiture|Auto|coche|macchina|carro|mașină
train|train|Zug|tren|treno|trem|tren
street|rue|Straße|calle|strada|rua|stradă
love|amour|Liebe|amor|amore|amor|dragoste
life|vie|Leben|vida|vita|vida|viață
sun|soleil|Sonne|sol|sole|sol|soare
moon|lune|Mond|luna|luna|lua|lună
sea|mer|Meer|mar|mare|mar|mare
weather|temps|Wetter|tiempo|tempo|tempo|vreme
language|langue|Sprache|idioma|lingua|língua|limbă
people|gens|Leute|gente|gente|pessoas|oameni
money|argent|Geld|dinero|soldi|dinheiro|bani
music|musique|Musik|música|musica|música|muzică
red|rouge|rot|rojo|rosso|vermelho|roșu
blue|bleu|blau|azul|blu|azul|albastru
green|vert|grün|verde|verde|verde|verde
white|blanc|weiß|blanco|bianco|branco|alb
black|noir|schwarz|negro|nero|preto|negru
one|un|eins|uno|uno|um|unu
two|deux|zwei|dos|due|dois|doi
three|trois|drei|tres|tre|três|trei
eat|manger|essen|comer|mangiare|comer|mânca
drink|boire|trinken|beber|bere|beber|bea
go|aller|gehen|ir|andare|ir|merge
see|voir|sehen|ver|vedere|ver|vedea
speak|parler|sprechen|hablar|parlare|falar|vorbi
know|savoir|wissen|saber|sapere|saber|ști
want|vouloir|wollen|querer|volere|querer|vrea
like|aimer|mögen|gustar|piacere|gostar|plăcea
live|vivre|leben|vivir|vivere|viver|trăi
learn|apprendre|lernen|aprender|imparare|aprender|învăța
read|lire|lesen|leer|leggere|ler|citi
write|écrire|schreiben|escribir|scrivere|escrever|scrie
translate|traduire|übersetzen|traducir|tradurre|traduzir|traduce
nice|agréable|schön|agradable|piacevole|agradável|plăcut
`;

type Dictionary = Map<string, string>;

const key = (phrase: string) =>
  tokenize(phrase)
    .map((t) => t.lower)
    .join(' ');

/** Forward dictionaries en → x and reverse ones x → en, keyed by lower-cased word sequences. */
const DICTIONARIES = (() => {
  const forward = new Map<Lang, Dictionary>();
  const reverse = new Map<Lang, Dictionary>();
  for (const lang of LANGS) {
    forward.set(lang, new Map());
    reverse.set(lang, new Map());
  }
  for (const line of TABLE.trim().split('\n')) {
    const cells = line.split('|');
    const en = cells[0]!;
    LANGS.forEach((lang, i) => {
      if (lang === 'en') return;
      const value = cells[i] ?? '';
      const f = forward.get(lang)!;
      if (!f.has(key(en))) f.set(key(en), value);
      const r = reverse.get(lang)!;
      if (value && !r.has(key(value))) r.set(key(value), en);
    });
  }
  return { forward, reverse };
})();

const NAMES: Record<string, string> = {
  english: 'en',
  french: 'fr',
  german: 'de',
  spanish: 'es',
  italian: 'it',
  portuguese: 'pt',
  romanian: 'ro',
  dutch: 'nl',
  russian: 'ru',
  chinese: 'zh',
  japanese: 'ja',
  arabic: 'ar',
  hindi: 'hi',
  korean: 'ko',
  polish: 'pl',
  turkish: 'tr',
  swedish: 'sv',
  ukrainian: 'uk',
};
const ISO3: Record<string, string> = {
  eng: 'en',
  fra: 'fr',
  fre: 'fr',
  deu: 'de',
  ger: 'de',
  spa: 'es',
  ita: 'it',
  por: 'pt',
  ron: 'ro',
  rum: 'ro',
  nld: 'nl',
  rus: 'ru',
  zho: 'zh',
  jpn: 'ja',
  arb: 'ar',
  hin: 'hi',
  kor: 'ko',
  pol: 'pl',
  tur: 'tr',
};

/** The base language of a code (`fr`, `fr_XX`, `fra_Latn`, `fr-FR`, `French`), or a 400. */
export function baseLanguage(code: string, field: string): string {
  const c = code.trim();
  const named = own(NAMES, c.toLowerCase());
  if (named) return named;
  const m = /^([a-z]{2,3})(?:[_-][A-Za-z]{2,4})?$/i.exec(c);
  if (!m) throw new EngineInputError(`Error in \`parameters.${field}\`: unknown language code ${JSON.stringify(code)}`);
  const base = m[1]!.toLowerCase();
  return own(ISO3, base) ?? base;
}

const isLang = (code: string): code is Lang => (LANGS as readonly string[]).includes(code);

/** Translates with the dictionaries; unknown words pass through. */
export function translateText(text: string, source: string, target: string): string {
  if (source === target) return text;
  let out = text;
  if (source !== 'en') out = isLang(source) ? applyDictionary(out, DICTIONARIES.reverse.get(source)!) : out;
  if (target !== 'en') out = isLang(target) ? applyDictionary(out, DICTIONARIES.forward.get(target)!) : out;
  if (target === 'en') out = out.replace(/(^|[^\p{L}])i(?=$|[^\p{L}'])/gu, '$1I');
  if (target === 'fr')
    out = out
      .replace(/\b(l|d|j|n|qu|s)e (?=[aeiouhâàéèêîôûAEIOUH])/g, "$1'")
      .replace(/\bà le\b/g, 'au')
      .replace(/\bde le\b/g, 'du');
  return out;
}

function applyDictionary(text: string, dictionary: Dictionary): string {
  const tokens = tokenize(text);
  let out = '';
  let cursor = 0;
  let i = 0;
  while (i < tokens.length) {
    let matched = 0;
    let translation = '';
    for (let n = Math.min(5, tokens.length - i); n >= 1; n--) {
      const slice = tokens.slice(i, i + n);
      // A phrase only matches across plain spaces, not punctuation.
      if (slice.some((t, j) => j > 0 && text.slice(slice[j - 1]!.end16, t.start16).trim() !== '')) continue;
      const value = dictionary.get(slice.map((t) => t.lower).join(' '));
      if (value !== undefined) {
        matched = n;
        translation = value;
        break;
      }
    }
    const first = tokens[i]!;
    const gap = text.slice(cursor, first.start16);
    if (matched === 0) {
      out += gap + first.text;
      cursor = first.end16;
      i++;
      continue;
    }
    const last = tokens[i + matched - 1]!;
    if (translation === '') {
      // A dropped word takes its leading space with it.
      if (gap.trim() !== '') out += gap;
    } else {
      const upper = first.text.length > 1 && first.text === first.text.toUpperCase() && /\p{L}/u.test(first.text);
      // English "I" is capitalised anywhere; elsewhere a capital only carries over at the start of a sentence.
      const capital =
        /^\p{Lu}/u.test(first.text) &&
        !(first.text === 'I' && /[\p{L}\p{N},;]\s*$/u.test(text.slice(0, first.start16)));
      const cased = upper
        ? translation.toUpperCase()
        : capital
          ? translation[0]!.toUpperCase() + translation.slice(1)
          : translation;
      out += gap + cased;
    }
    cursor = last.end16;
    i += matched;
  }
  out += text.slice(cursor);
  // Tidy spaces left by dropped words, and capitalise the start if the dropped word had the capital.
  out = out.replace(/ {2,}/g, ' ').replace(/^\s+/, (s) => (text.startsWith(s) ? s : ''));
  if (/^\p{Lu}/u.test(text.trimStart()) && /^\p{Ll}/u.test(out.trimStart()))
    out = out.replace(/\p{Ll}/u, (c) => c.toUpperCase());
  return out;
}

interface Pair {
  source: string;
  target: string;
}

function pairFor(model: CatalogueModel, params: Record<string, unknown>, text: string): { pair: Pair; text: string } {
  const o = model.options ?? {};
  const defaults: Pair = {
    source: typeof o.source === 'string' ? o.source : 'en',
    target: typeof o.target === 'string' ? o.target : 'fr',
  };
  const src = strParam(params, 'src_lang');
  const tgt = strParam(params, 'tgt_lang');
  let input = text;
  let pair = { ...defaults };
  // T5 reads the task from a text prefix.
  const prefix = /^\s*translate (\w+) to (\w+):\s*/i.exec(text);
  if (prefix && o.prefix === true) {
    pair = { source: baseLanguage(prefix[1]!, 'inputs'), target: baseLanguage(prefix[2]!, 'inputs') };
    input = text.slice(prefix[0].length);
  }
  if (o.fixed === true) return { pair: defaults, text: input };
  const languages = Array.isArray(o.languages) ? (o.languages as string[]) : undefined;
  const check = (code: string, field: string) => {
    const base = baseLanguage(code, field);
    if (languages && !languages.includes(code) && !languages.some((l) => baseLanguage(l, field) === base)) {
      throw new EngineInputError(
        `Error in \`parameters.${field}\`: ${JSON.stringify(code)} is not a language of ${model.id} (${languages.join(', ')})`,
      );
    }
    return base;
  };
  if (src !== undefined) pair.source = check(src, 'src_lang');
  if (tgt !== undefined) pair.target = check(tgt, 'tgt_lang');
  return { pair, text: input };
}

export const translation: Engine = (ctx) => {
  const { list } = stringOrList(inputsOf(ctx));
  if (list.some((t) => t.trim() === '')) throw new EngineInputError('Error in `inputs`: must not be empty');
  const params = paramsOf(ctx);
  boolParam(params, 'clean_up_tokenization_spaces');
  strParam(params, 'truncation', ['do_not_truncate', 'longest_first', 'only_first', 'only_second']);
  const { maxTokens } = generationLimit(params);
  return list.map((text) => {
    const { pair, text: input } = pairFor(ctx.model, params, text);
    const translated = translateText(
      input,
      baseLanguage(pair.source, 'src_lang'),
      baseLanguage(pair.target, 'tgt_lang'),
    );
    return { translation_text: maxTokens ? cutToTokens(translated, maxTokens) : translated };
  });
};
