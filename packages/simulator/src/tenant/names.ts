/**
 * Name, place and phone material for generated tenants: deliberately messy, like real directories —
 * accents, CJK, right-to-left scripts, apostrophes and hyphens, emoji, and the phone formats people
 * actually type (national, international, with extensions and trunk prefixes).
 */

/** A person's name in their script, with the romanisation used for their mail address. */
export interface NameEntry {
  readonly given: string;
  readonly surname: string;
  /** ASCII local-part material: [given, surname]. */
  readonly latin: readonly [string, string];
  /** Some cultures write the surname first in displayName. */
  readonly surnameFirst?: boolean;
  readonly country: string;
}

const n = (given: string, surname: string, latin: [string, string], country: string, surnameFirst = false): NameEntry => ({
  given,
  surname,
  latin,
  country,
  ...(surnameFirst ? { surnameFirst } : {}),
});

const NAMES: readonly NameEntry[] = [
  n("Adele", "Vance", ["adele", "vance"], "US"),
  n("Megan", "Bowen", ["megan", "bowen"], "US"),
  n("Patrick", "O'Brien", ["patrick", "obrien"], "IE"),
  n("Siobhán", "Ní Bhraonáin", ["siobhan", "nibhraonain"], "IE"),
  n("José", "Müller-Lüdenscheidt", ["jose", "mueller"], "DE"),
  n("Zoë", "D'Angelo", ["zoe", "dangelo"], "IT"),
  n("François", "Lefèvre", ["francois", "lefevre"], "FR"),
  n("Łukasz", "Wiśniewski", ["lukasz", "wisniewski"], "PL"),
  n("Søren", "Kierkegård", ["soren", "kierkegard"], "DK"),
  n("Ångström", "Öberg", ["angstrom", "oberg"], "SE"),
  n("Nguyễn", "Thị Hương", ["huong", "nguyen"], "VN", true),
  n("伟", "王", ["wei", "wang"], "CN", true),
  n("芳", "李", ["fang", "li"], "CN", true),
  n("太郎", "山田", ["taro", "yamada"], "JP", true),
  n("さくら", "佐藤", ["sakura", "sato"], "JP", true),
  n("민준", "김", ["minjun", "kim"], "KR", true),
  n("محمد", "العلي", ["mohammed", "alali"], "AE"),
  n("فاطمة", "الزهراء", ["fatima", "alzahra"], "SA"),
  n("נועה", "כהן", ["noa", "cohen"], "IL"),
  n("Αλέξανδρος", "Παπαδόπουλος", ["alexandros", "papadopoulos"], "GR"),
  n("Дмитрий", "Иванов", ["dmitry", "ivanov"], "UA"),
  n("Priya", "Venkataraman", ["priya", "venkataraman"], "IN"),
  n("Oluwaseun", "Adébáyọ̀", ["oluwaseun", "adebayo"], "NG"),
  n("João", "Conceição", ["joao", "conceicao"], "BR"),
  n("María José", "García Pérez", ["mariajose", "garcia"], "ES"),
  n("Sam", "Lee 🚀", ["sam", "lee"], "US"),
  n("Jean-Luc", "Picard", ["jeanluc", "picard"], "FR"),
  n("Ngozi", "Okonjo-Iweala", ["ngozi", "okonjo"], "NG"),
  n("Björk", "Guðmundsdóttir", ["bjork", "gudmundsdottir"], "IS"),
  n("Aoife", "Mac Giolla Phádraig", ["aoife", "macgiollaphadraig"], "IE"),
  n("Lars", "van der Berg", ["lars", "vanderberg"], "NL"),
  n("Chloé", "Dubois 🌻", ["chloe", "dubois"], "FR"),
];

const isLatin = (e: NameEntry): boolean => /^[\p{Script=Latin}\s'’-]+$/u.test(`${e.given}${e.surname.replace(/\s*\p{Extended_Pictographic}/gu, "")}`);
const LATIN = NAMES.filter(isLatin);

/**
 * A person's name: a Latin-script given name is paired with any Latin-script surname (hundreds of
 * combinations, as in a real directory, duplicates included); other scripts keep their pairs.
 */
export function personName(rand: () => number): NameEntry {
  const first = NAMES[Math.floor(rand() * NAMES.length)]!;
  if (!isLatin(first)) return first;
  const second = LATIN[Math.floor(rand() * LATIN.length)]!;
  return { given: first.given, surname: second.surname, latin: [first.latin[0], second.latin[1]], country: first.country };
}

export const DEPARTMENTS: readonly string[] = [
  "Engineering", "Sales", "Marketing", "Finance", "Human Resources", "Legal", "Operations",
  "Customer Success", "Research & Development", "Facilities", "IT", "Executive",
];

export const JOB_TITLES: readonly string[] = [
  "Software Engineer", "Senior Software Engineer", "Account Executive", "Marketing Manager",
  "Financial Analyst", "HR Business Partner", "Counsel", "Operations Lead", "Support Specialist",
  "Researcher", "Facilities Coordinator", "Systems Administrator", "Director", "Vice President",
];

export interface Office {
  readonly city: string;
  readonly country: string;
  readonly street: string;
  readonly postalCode: string;
  readonly state?: string;
  readonly usageLocation: string;
}

export const OFFICES: readonly Office[] = [
  { city: "Redmond", state: "WA", country: "United States", street: "1 Microsoft Way", postalCode: "98052", usageLocation: "US" },
  { city: "Berlin", country: "Germany", street: "Unter den Linden 17", postalCode: "10117", usageLocation: "DE" },
  { city: "London", country: "United Kingdom", street: "2 Kingdom Street", postalCode: "W2 6BD", usageLocation: "GB" },
  { city: "São Paulo", state: "SP", country: "Brazil", street: "Av. Paulista, 1000", postalCode: "01310-100", usageLocation: "BR" },
  { city: "東京", country: "Japan", street: "港区港南 2-16-3", postalCode: "108-0075", usageLocation: "JP" },
  { city: "Dubai", country: "United Arab Emirates", street: "Sheikh Zayed Rd", postalCode: "00000", usageLocation: "AE" },
];

/** Phone renderings per office, from a 7-digit subscriber number `s` and an optional extension. */
export const PHONE_FORMATS: readonly ((s: string, ext: string | undefined) => string)[] = [
  (s, e) => `+1 425 555 ${s.slice(3)}${e ? ` x${e}` : ""}`,
  (s, e) => `(425) 555-${s.slice(3)}${e ? ` x${e}` : ""}`,
  (s, e) => `0049 30 ${s}${e ? `-${e}` : ""}`,
  (s) => `+49 (0)30 ${s.slice(0, 3)} ${s.slice(3)}`,
  (s, e) => `020 7946 ${s.slice(3)}${e ? ` ext. ${e}` : ""}`,
  (s) => `+44 20 7946 ${s.slice(3)}`,
  (s) => `+55 11 9${s.slice(0, 4)}-${s.slice(3)}`,
  (s) => `03-${s.slice(0, 4)}-${s.slice(3)}`,
  (s) => `+971 4 ${s}`,
  (s) => `425.555.${s.slice(3)}`,
];
