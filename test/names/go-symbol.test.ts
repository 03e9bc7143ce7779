// go-symbol.test.ts holds the symbol-name rules against names as Go 1.26.8
// prints them (pprof, -S, -json headers), the traps included.
import { describe, expect, it } from 'vitest';
import { collapseTypeArgs, declaringFunction, displayName, guessPackageName, lastComponent, localName, splitSymbol, symbolPackage } from '../../src/go-symbol.js';

describe('splitSymbol', () => {
  it('splits at the first dot after the last slash', () => {
    expect(splitSymbol('github.com/rs/zerolog.(*Event).Str')).toEqual({ pkgPath: 'github.com/rs/zerolog', local: '(*Event).Str' });
    expect(splitSymbol('net.IP.String')).toEqual({ pkgPath: 'net', local: 'IP.String' });
    expect(splitSymbol('main.main')).toEqual({ pkgPath: 'main', local: 'main' });
    expect(splitSymbol('github.com/rs/zerolog/internal/json.Encoder.AppendString')).toEqual({
      pkgPath: 'github.com/rs/zerolog/internal/json',
      local: 'Encoder.AppendString',
    });
  });

  it('ignores slashes inside type arguments and receivers', () => {
    expect(splitSymbol('example.com/p.G[example.com/q.T]')).toEqual({ pkgPath: 'example.com/p', local: 'G[example.com/q.T]' });
    expect(splitSymbol('internal/sync.(*HashTrieMap[go.shape.interface {},go.shape.interface {}]).Swap')).toEqual({
      pkgPath: 'internal/sync',
      local: '(*HashTrieMap[go.shape.interface {},go.shape.interface {}]).Swap',
    });
  });

  it('unescapes %2e in the last path element (pprof names, go1.26.8)', () => {
    // Seen in a heap profile of example.com/sym/yaml.v3's benchmark: "example.com/sym/yaml%2ev3.(*P).Parse".
    expect(splitSymbol('example.com/sym/yaml%2ev3.(*P).Parse')).toEqual({ pkgPath: 'example.com/sym/yaml.v3', local: '(*P).Parse' });
    expect(symbolPackage('gopkg.in/yaml%2ev3.(*parser).parse')).toBe('gopkg.in/yaml.v3');
  });

  it('a name without a package stays local', () => {
    expect(splitSymbol('(*T).M')).toEqual({ pkgPath: '', local: '(*T).M' });
    expect(splitSymbol('f[int]')).toEqual({ pkgPath: '', local: 'f[int]' });
    expect(localName('example.com/p.(*T).M')).toBe('(*T).M');
  });
});

describe('display and declaration names', () => {
  it('uses the package name, not the last path element', () => {
    const names = { 'github.com/json-iterator/go': 'jsoniter', 'github.com/pelletier/go-toml/v2': 'toml' };
    expect(displayName('github.com/json-iterator/go.(*Iterator).ReadString', names)).toBe('jsoniter.(*Iterator).ReadString');
    expect(displayName('github.com/pelletier/go-toml/v2.Unmarshal', names)).toBe('toml.Unmarshal');
    // Without go list's answer: the last element, skipping a major-version suffix.
    expect(displayName('github.com/go-chi/chi/v5.(*Mux).ServeHTTP')).toBe('chi.(*Mux).ServeHTTP');
    expect(displayName('github.com/json-iterator/go.ParseBytes')).toBe('go.ParseBytes');
    // cmd/go's isVersionElement: v10 is a major version too (go-playground/validator/v10 is package
    // validator, its test binary validator.test); v1 and v0x are not.
    expect(guessPackageName('github.com/go-playground/validator/v10')).toBe('validator');
    expect(guessPackageName('example.com/m/v1')).toBe('v1');
    expect(guessPackageName('example.com/m/v01')).toBe('v01');
    expect(guessPackageName('example.com/m/v2')).toBe('m');
  });

  it('a known path with a dot in its last element wins over the split', () => {
    expect(displayName('gopkg.in/yaml.v3.(*decoder).unmarshal', { 'gopkg.in/yaml.v3': 'yaml' })).toBe('yaml.(*decoder).unmarshal');
  });

  it('collapses type arguments and finds the declaring function', () => {
    expect(collapseTypeArgs('sync.(*HashTrieMap[go.shape.interface {},go.shape.interface {}]).Swap')).toBe('sync.(*HashTrieMap[...]).Swap');
    expect(displayName('internal/sync.newEntryNode[go.shape.interface {},go.shape.interface {}]', { 'internal/sync': 'sync' })).toBe('sync.newEntryNode[...]');
    expect(declaringFunction('BenchmarkLogFieldType.func39.1')).toBe('BenchmarkLogFieldType');
    expect(declaringFunction('(*T[go.shape.int]).M.func1')).toBe('(*T).M');
    expect(lastComponent('G[go.shape.int]')).toBe('G');
    expect(lastComponent('strconv.Itoa')).toBe('Itoa');
  });
});
