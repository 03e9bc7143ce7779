// go-symbol.ts owns Go symbol names as pprof, -S and the compiler's -json
// print them: "example.com/p.(*T[...]).M.func1". Every other module asks
// here for a name's package path, its local part, its declaring function or
// its display form, so the rules live once. Pure.
//
// Traps, each checked on go1.26.8:
// - The package path ends at the first "." after its last "/", but type
//   arguments can hold whole paths ("p.G[example.com/q.T]"), so the "/" that
//   counts is the last one before the first "[" or "(".
// - The linker escapes dots in the path's last element as %2e
//   ("gopkg.in/yaml%2ev3.(*parser).parse" in heap profiles); -json headers and
//   go list print the same package unescaped ("gopkg.in/yaml.v3").
// - The last path element is not the package name: github.com/json-iterator/go
//   is package jsoniter, and major-version paths end in "/v2". Display names
//   use the package name from go list where it is known.
// - Closures are "F.func1", nested "F.func1.2"; generic shapes print as
//   "G[go.shape.int]" (or "[...]" in some pprof versions).

/** GoSymbol is a parsed pprof-style function name. */
export interface GoSymbol {
  /** Import path, unescaped ("gopkg.in/yaml.v3"); '' when the name has no package ("(*T).M" as the compiler prints a local callee). */
  readonly pkgPath: string;
  /** Everything after the package: "(*T[...]).M.func1", "F", "G[go.shape.int]". */
  readonly local: string;
}

/** splitSymbol parses a pprof, -S or -json function name into package path and local part. */
export function splitSymbol(name: string): GoSymbol {
  if (name === '' || name.startsWith('(')) return { pkgPath: '', local: name };
  let stop = name.length;
  const bracket = name.indexOf('[');
  const paren = name.indexOf('(');
  if (bracket >= 0) stop = bracket;
  if (paren >= 0 && paren < stop) stop = paren;
  const slash = name.lastIndexOf('/', stop - 1);
  const dot = name.indexOf('.', slash + 1);
  if (dot < 0 || dot >= stop) {
    // "pkg" alone, or a bare identifier with type arguments ("f[int]").
    return slash < 0 ? { pkgPath: '', local: name } : { pkgPath: unescapePath(name), local: '' };
  }
  return { pkgPath: unescapePath(name.slice(0, dot)), local: name.slice(dot + 1) };
}

/** unescapePath undoes the linker's %2e (and any other %XX) in a package path. */
export function unescapePath(path: string): string {
  return path.includes('%') ? path.replace(/%([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : path;
}

/** symbolPackage is the unescaped import path of a function name ('' when it has none). */
export function symbolPackage(name: string): string {
  return splitSymbol(name).pkgPath;
}

/** localName drops the package path: "example.com/p.(*T).M" → "(*T).M". */
export function localName(name: string): string {
  return splitSymbol(name).local;
}

/** collapseTypeArgs turns every bracketed type-argument list into "[...]", keeping what follows it. */
export function collapseTypeArgs(name: string): string {
  let out = '';
  let depth = 0;
  for (const ch of name) {
    if (ch === '[') {
      if (depth === 0) out += '[...]';
      depth++;
    } else if (ch === ']') depth = Math.max(0, depth - 1);
    else if (depth === 0) out += ch;
  }
  return out;
}

/** stripTypeArgs removes type-argument lists: "G[go.shape.int].M" → "G.M". */
export function stripTypeArgs(name: string): string {
  return collapseTypeArgs(name).replace(/\[\.\.\.\]/g, '');
}

/**
 * declaringFunction is the function a closure or instantiation belongs to, as
 * source declares it: "(*T[...]).M.func1.2" → "(*T).M", "G[go.shape.int]" → "G".
 */
export function declaringFunction(local: string): string {
  return stripTypeArgs(local).replace(/(\.func\d+(\.\d+)*)+$/, '').replace(/(\.gowrap\d+|\.deferwrap\d+)$/, '');
}

/** lastComponent is a callee's final identifier: "fmt.Println" → "Println", "(*T).M" → "M". */
export function lastComponent(name: string): string {
  const n = stripTypeArgs(name);
  return n.slice(n.lastIndexOf('.') + 1);
}

/** lastPathElement is what readers say when no package name is known: "example.com/x/json" → "json". */
export function lastPathElement(pkgPath: string): string {
  return pkgPath.slice(pkgPath.lastIndexOf('/') + 1);
}

/** PackageNames maps an import path to its package name ("github.com/json-iterator/go" → "jsoniter"). */
export type PackageNames = Readonly<Record<string, string>>;

/**
 * displayName is a function name as readers say it: the package name, not
 * its path, and type arguments collapsed ("jsoniter.(*Iterator).ReadString",
 * "sync.(*Map[...]).Store"). Without a known name the last path element
 * stands in, minus a major-version suffix ("example.com/m/v2" → "m").
 */
export function displayName(name: string, names: PackageNames = {}): string {
  let { pkgPath, local } = splitSymbol(name);
  if (names[pkgPath] === undefined) {
    // A name built from an unescaped path with a dot in its last element
    // ("gopkg.in/yaml.v3.F", as -json headers give the path): a known path wins.
    for (const known of Object.keys(names)) {
      if (known.length > pkgPath.length && name.startsWith(`${known}.`)) {
        pkgPath = known;
        local = name.slice(known.length + 1);
      }
    }
  }
  if (pkgPath === '') return collapseTypeArgs(name);
  const pkgName = names[pkgPath] ?? guessPackageName(pkgPath);
  return local === '' ? pkgName : `${pkgName}.${collapseTypeArgs(local)}`;
}

/**
 * guessPackageName is what a path's package is called when go list was not
 * asked: its last element, or the one before a major-version element
 * ("example.com/m/v2" → "m") — cmd/go's DefaultExecName rule, which also
 * names test binaries.
 */
export function guessPackageName(pkgPath: string): string {
  const parts = pkgPath.split('/');
  let last = parts[parts.length - 1] ?? pkgPath;
  if (isVersionElement(last) && parts.length > 1) last = parts[parts.length - 2]!;
  return last;
}

/** isVersionElement is cmd/go's test for a major-version path element: v2, v3, …, v10, v11, … (not v0, v1, v01). */
function isVersionElement(s: string): boolean {
  return /^v(?:[2-9]\d*|1\d+)$/.test(s);
}
