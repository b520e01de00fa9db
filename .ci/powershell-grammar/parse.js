// Parses PowerShell files with tree-sitter-powershell and lists every syntax error as file:line:col.
// pwsh cannot be installed on the build machines, so this is CI's only syntax check of the repository's
// *.ps1, *.psm1 and *.psd1 files.
//
//   node parse.js            every tracked or new (not ignored) PowerShell file in the repository
//   node parse.js FILE...    only the given files
//
// Exits 0 when every file parses, 1 when any has an ERROR or MISSING node, 2 on a usage error.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Parser from 'tree-sitter';
import PowerShell from 'tree-sitter-powershell/bindings/node/index.js';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const extensions = ['.ps1', '.psm1', '.psd1'];
const maxErrorsPerFile = 20;

// The grammar (0.26.4) lacks some syntax that PowerShell 7 accepts and the repository's scripts use:
//   - the ternary operator `a ? b : c` and the null-coalescing operators `??` and `??=`;
//   - native-command arguments such as `--initial-branch=main`, one bare word to PowerShell;
//   - arrays of bare words as command arguments, such as `Select-Object Name, Value`.
// maskPowerShell7 rewrites exactly those characters, in code (including `$( )` inside double-quoted
// strings) but never in strings or comments, into same-length syntax the grammar knows (`+`, `+=`, `:`,
// a space), so every line and column stays true and every operand is still parsed. Still unknown to the
// grammar, and so reported: a switch clause followed by another on the same line without `;`, and
// variable names with non-ASCII letters ($é).
function maskPowerShell7(source) {
  const out = source.split('');
  const n = source.length;
  let pendingTernaryColons = 0;

  const isSpace = (c) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
  const isNameChar = (c) => c !== undefined && /[A-Za-z0-9_?:]/.test(c);
  const isBareWordChar = (c) => c !== undefined && /[A-Za-z0-9_.\-*\/\\]/.test(c);
  const previousNonSpace = (at) => {
    let j = at - 1;
    while (j >= 0 && (source[j] === ' ' || source[j] === '\t')) j--;
    return j < 0 ? '\n' : source[j];
  };

  // A comma right after a bare word (a command argument such as Name in `Name, Value`): the word starts
  // with a letter after a space, '(' or ',' and is not a member name, a variable, a number or a type.
  const followsBareWord = (at) => {
    let j = at - 1;
    while (j >= 0 && isBareWordChar(source[j])) j--;
    const word = source.slice(j + 1, at);
    return word.length > 0 && /^[A-Za-z]/.test(word) && (j < 0 || isSpace(source[j]) || source[j] === ',');
  };

  // Each frame is code (with its count of open parentheses, for `$( )` inside a string) or a
  // double-quoted string, which may be a here-string.
  const stack = [{ kind: 'code', depth: 0 }];
  let i = 0;
  while (i < n) {
    const frame = stack[stack.length - 1];
    const c = source[i];
    const next = source[i + 1];

    if (frame.kind === 'string') {
      if (c === '`') {
        i += 2;
      } else if (c === '$' && next === '(') {
        stack.push({ kind: 'code', depth: 1 });
        i += 2;
      } else if (frame.here ? c === '\n' && next === '"' && source[i + 2] === '@' : c === '"' && next === '"') {
        i += frame.here ? 3 : 2;
        if (frame.here) stack.pop();
      } else if (!frame.here && c === '"') {
        stack.pop();
        i++;
      } else {
        i++;
      }

      continue;
    }

    // Here-strings: @' ... '@ and @" ... "@, the closing marker at the start of a line.
    if (c === '@' && (next === "'" || next === '"') && /^[ \t]*\r?\n/.test(source.slice(i + 2, i + 200))) {
      if (next === '"') {
        stack.push({ kind: 'string', here: true });
        i += 2;
        continue;
      }

      const end = source.indexOf("\n'@", i + 2);
      i = end < 0 ? n : end + 3;
      continue;
    }

    if (c === '"') {
      stack.push({ kind: 'string', here: false });
      i++;
      continue;
    }

    // Single-quoted strings, where '' is a quote.
    if (c === "'") {
      i++;
      while (i < n && !(source[i] === "'" && source[i + 1] !== "'")) i += source[i] === "'" ? 2 : 1;
      i++;
      continue;
    }

    // Block comments <# ... #>, and line comments that start a token.
    if (c === '<' && next === '#') {
      const end = source.indexOf('#>', i + 2);
      i = end < 0 ? n : end + 2;
      continue;
    }

    if (c === '#' && (i === 0 || isSpace(source[i - 1]) || ';(){}|'.includes(source[i - 1]))) {
      const end = source.indexOf('\n', i);
      i = end < 0 ? n : end;
      continue;
    }

    // The escape character, and variables, whose names may hold '?' and ':' ($a?, $env:PATH).
    if (c === '`') {
      i += 2;
      continue;
    }

    if (c === '$' && isNameChar(next)) {
      i++;
      while (isNameChar(source[i])) i++;
      continue;
    }

    // The end of a `$( )` inside a string returns to the string.
    if (c === '(' && stack.length > 1) {
      frame.depth++;
    } else if (c === ')' && stack.length > 1 && --frame.depth === 0) {
      stack.pop();
      i++;
      continue;
    }

    if (c === '?' && next === '?') {
      const assign = source[i + 2] === '=';
      out[i] = '+';
      out[i + 1] = assign ? '=' : ' ';
      if (assign) out[i + 2] = ' ';
      i += assign ? 3 : 2;
      continue;
    }

    // A ternary '?' stands between spaces after an operand; '?' that starts a pipeline element is the
    // Where-Object alias.
    if (c === '?' && i > 0 && isSpace(source[i - 1]) && isSpace(next) && !'|{(;=,\n'.includes(previousNonSpace(i))) {
      out[i] = '+';
      pendingTernaryColons++;
      i++;
      continue;
    }

    if (c === ':' && pendingTernaryColons > 0 && isSpace(source[i - 1]) && isSpace(next)) {
      out[i] = '+';
      pendingTernaryColons--;
      i++;
      continue;
    }

    // --name=value (or -name=value) as a bare word after a space: the grammar accepts --name:value.
    if (c === '-' && i > 0 && isSpace(source[i - 1])) {
      const match = /^--?[A-Za-z][A-Za-z0-9_-]*=/.exec(source.slice(i, i + 200));
      if (match) {
        out[i + match[0].length - 1] = ':';
        i += match[0].length;
        continue;
      }
    }

    if (c === ',' && followsBareWord(i)) {
      out[i] = ' ';
    }

    i++;
  }

  return out.join('');
}

// Every ERROR node (outermost only: its children are the parser's recovery attempts) and every MISSING node.
function findProblems(node, problems) {
  if (problems.length >= maxErrorsPerFile) {
    return;
  }

  if (node.type === 'ERROR') {
    const start = firstToken(node);
    problems.push({ position: start.position, message: `syntax error near ${describe(start.text)}` });
    return;
  }

  if (node.isMissing) {
    problems.push({ position: node.startPosition, message: `missing ${JSON.stringify(node.type)}` });
    return;
  }

  if (!node.hasError && !node.isMissing) {
    return;
  }

  for (const child of node.children) {
    findProblems(child, problems);
  }
}

// An ERROR node often starts with the line break before the statement it could not parse: report where
// its first token is.
function firstToken(node) {
  const text = node.text;
  const skip = text.search(/\S/);
  if (skip <= 0) {
    return { position: node.startPosition, text };
  }

  const skipped = text.slice(0, skip).split('\n');
  const row = node.startPosition.row + skipped.length - 1;
  const column = skipped.length > 1 ? skipped[skipped.length - 1].length : node.startPosition.column + skip;
  return { position: { row, column }, text: text.slice(skip) };
}

function describe(text) {
  const firstLine = text.split(/\r?\n/, 1)[0].trim();
  const shown = firstLine.length > 60 ? firstLine.slice(0, 57) + '...' : firstLine;
  return JSON.stringify(shown);
}

function listRepositoryFiles() {
  const output = execFileSync(
    'git',
    ['-c', 'core.quotepath=false', 'ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', ...extensions.map((e) => `*${e}`)],
    { cwd: repositoryRoot, encoding: 'utf8' },
  );
  return output
    .split('\0')
    .filter((name) => name.length > 0)
    .filter((name) => fs.existsSync(path.join(repositoryRoot, name)))
    .sort();
}

function parseFile(parser, displayName, fullPath) {
  let source = fs.readFileSync(fullPath, 'utf8');
  if (source.charCodeAt(0) === 0xfeff) {
    // A BOM is not part of the grammar; a space keeps every column where it was.
    source = ' ' + source.slice(1);
  }

  const masked = maskPowerShell7(source);

  // The callback form avoids the binding's size limit on strings passed whole.
  const tree = parser.parse((index) => masked.slice(index, index + 4096));
  const problems = [];
  findProblems(tree.rootNode, problems);
  return problems.map((p) => `${displayName}:${p.position.row + 1}:${p.position.column + 1}: ${p.message}`);
}

function main(args) {
  if (args.some((a) => a === '-h' || a === '--help')) {
    console.log('usage: node parse.js [FILE...]   (no FILE: every PowerShell file in the repository)');
    return 0;
  }

  const files = args.length > 0
    ? args.map((a) => ({ display: a, full: path.resolve(a) }))
    : listRepositoryFiles().map((name) => ({ display: name, full: path.join(repositoryRoot, name) }));

  const parser = new Parser();
  parser.setLanguage(PowerShell);
  const failures = [];
  for (const file of files) {
    if (!fs.existsSync(file.full)) {
      console.error(`${file.display}: no such file`);
      return 2;
    }

    failures.push(...parseFile(parser, file.display, file.full));
  }

  for (const line of failures) {
    console.log(line);
  }

  if (failures.length > 0) {
    console.log(`powershell: ${failures.length} syntax error(s) in ${files.length} file(s). Fix them; the grammar is tree-sitter-powershell (see .ci/powershell-grammar/parse.js for the PowerShell 7 syntax it is taught).`);
    return 1;
  }

  console.log(`powershell: ok (${files.length} file(s) parsed)`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
