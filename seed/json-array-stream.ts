/**
 * Reads a JSON array from a file as a stream and yields its elements one at a
 * time, so a 100 MB seed file never sits in the heap whole: only the chunk
 * being read and the element being assembled do.
 *
 * A small scanner walks the text keeping string, escape and bracket-depth
 * state; a comma or the closing bracket at depth 0 ends an element, whose text
 * is then handed to JSON.parse (which does the real validation), losslessly:
 * a number a double cannot hold keeps its text (lossless-json.ts). Problems
 * are SeedInputErrors with one-line messages. The list layout reads its file
 * through the same scanner (parseJsonArray), so both layouts accept the same
 * files: a UTF-8 byte order mark at the very start is skipped (RFC 8259 §8.1:
 * parsers "MAY ignore the presence of a byte order mark rather than treating
 * it as an error"; Windows editors and PowerShell write one).
 *
 * The path "-" reads standard input.
 */
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { StringDecoder } from "node:string_decoder";
import { parseJsonLossless } from "./lossless-json";
import { SeedInputError } from "../stacks/work-list";

/** The --file name that means standard input. */
export const STDIN_PATH = "-";

/**
 * "-" and "/dev/stdin" read file descriptor 0 itself: opening /dev/stdin
 * anew fails when standard input is a socket (ENXIO), as it is for a child
 * process given a pipe by Node.
 */
export function isStdin(path: string): boolean {
  return path === STDIN_PATH || path === "/dev/stdin";
}

/** Bytes read at a time (the read stream's highWaterMark). */
const DEFAULT_CHUNK_BYTES = 64 * 1024;

export interface JsonArrayStreamOptions {
  /** Bytes per read; tests use tiny values to split tokens and UTF-8 sequences across chunks. */
  readonly chunkBytes?: number;
  /** The file's name in messages; default: the path. */
  readonly source?: string;
  /** Also write every byte read to this file (a copy of standard input to read again). */
  readonly copyTo?: string;
}

/** The refusal of an empty list, for both layouts. */
export function emptyListError(source: string): SeedInputError {
  return new SeedInputError(`${source} holds an empty array: give at least one item`);
}

/** The elements of the JSON array in the file at `path`, parsed one at a time. */
export async function* streamJsonArray(path: string, opts: JsonArrayStreamOptions = {}): AsyncGenerator<unknown, void, undefined> {
  const chunks = readChunks(path, opts.chunkBytes ?? DEFAULT_CHUNK_BYTES);
  yield* jsonArrayElements(opts.copyTo ? copied(chunks, opts.copyTo) : chunks, opts.source ?? path);
}

/** The chunks, each written to `file` before it is passed on. */
async function* copied(chunks: AsyncIterable<Buffer>, file: string): AsyncGenerator<Buffer, void, undefined> {
  const out = await open(file, "w");
  try {
    for await (const chunk of chunks) {
      await out.write(chunk);
      yield chunk;
    }
  } finally {
    await out.close();
  }
}

/**
 * The elements of the JSON array in a stream of chunks: Buffers (decoded as
 * UTF-8, sequences split across chunks included) or strings.
 */
export async function* jsonArrayElements(chunks: AsyncIterable<Buffer | string>, source: string): AsyncGenerator<unknown, void, undefined> {
  const decoder = new StringDecoder("utf8");
  const scanner = new ArrayScanner(source);
  let bytes = 0;
  for await (const chunk of chunks) {
    if (typeof chunk === "string") {
      scanner.push(chunk, bytes);
      bytes += Buffer.byteLength(chunk);
    } else {
      scanner.push(decoder.write(chunk), bytes);
      bytes += chunk.length;
    }
    yield* scanner.take();
  }
  const rest = decoder.end();
  if (rest) scanner.push(rest, bytes);
  scanner.end(bytes);
  yield* scanner.take();
}

/**
 * The elements of the JSON array in `text` (a whole file already read), with
 * the same parse, checks and messages as the stream.
 */
export function parseJsonArray(text: string, source: string): unknown[] {
  const scanner = new ArrayScanner(source);
  scanner.push(text, 0);
  scanner.end(Buffer.byteLength(text));
  return scanner.take();
}

async function* readChunks(path: string, chunkBytes: number): AsyncGenerator<Buffer, void, undefined> {
  if (!Number.isInteger(chunkBytes) || chunkBytes < 1) throw new RangeError(`chunkBytes must be a positive integer, got ${chunkBytes}`);
  const stream = isStdin(path)
    ? createReadStream("", { fd: 0, autoClose: false, highWaterMark: chunkBytes })
    : createReadStream(path, { highWaterMark: chunkBytes });
  try {
    let chunk: Buffer | undefined;
    const it = stream[Symbol.asyncIterator]();
    for (;;) {
      // Only the read is guarded: errors thrown by whoever consumes the chunks are theirs.
      try {
        const next = await it.next();
        if (next.done) return;
        chunk = next.value as Buffer;
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new SeedInputError(code === "ENOENT" ? `seed file not found: ${path}` : `cannot read seed file ${path}: ${(e as Error).message}`);
      }
      yield chunk;
    }
  } finally {
    stream.destroy();
  }
}

const BEFORE = 0;
const IN_ARRAY = 1;
const AFTER = 2;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const BOM = 0xfeff;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/**
 * Finds element boundaries in text pushed chunk by chunk. Offsets are bytes
 * before the chunk plus characters into it: exact for ASCII, "about" otherwise.
 */
class ArrayScanner {
  private state = BEFORE;
  /** A byte order mark is skipped only as the very first character. */
  private seenText = false;
  private depth = 0;
  private inString = false;
  private escape = false;
  /** The current element's text so far, one piece per chunk. */
  private pieces: string[] = [];
  /** Offset of the current element's first non-space character, -1 before it. */
  private elementStart = -1;
  private count = 0;
  private ready: unknown[] = [];

  constructor(private readonly source: string) {}

  /** Elements completed since the last call. */
  take(): unknown[] {
    const out = this.ready;
    this.ready = [];
    return out;
  }

  push(s: string, base: number): void {
    let i = 0;
    if (this.state === BEFORE) {
      for (; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (isSpace(c) || (c === BOM && !this.seenText)) {
          this.seenText = true;
          continue;
        }
        if (c !== OPEN_BRACKET) this.notAnArray(c, base + i);
        this.state = IN_ARRAY;
        i++;
        break;
      }
    }
    if (this.state === IN_ARRAY) i = this.scan(s, i, base);
    if (this.state === AFTER) {
      for (; i < s.length; i++) {
        if (!isSpace(s.charCodeAt(i))) this.invalid(base + i, "unexpected content after the array");
      }
    }
  }

  end(bytes: number): void {
    if (this.state === BEFORE) this.invalid(bytes, "unexpected end of input: the file holds no JSON value");
    if (this.state === IN_ARRAY) {
      this.invalid(bytes, `unexpected end of input: ${this.inString ? "a string and " : ""}the array ${this.inString ? "are" : "is"} not closed`);
    }
  }

  /** Scans from `i`; returns where it stopped (the end of `s`, or just past the array's closing bracket). */
  private scan(s: string, i: number, base: number): number {
    const n = s.length;
    let segment = i;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (c === BACKSLASH) this.escape = true;
        else if (c === QUOTE) this.inString = false;
        continue;
      }
      if (this.elementStart < 0) {
        if (isSpace(c)) continue;
        this.elementStart = base + i;
        // Leading white space is dropped, so JSON.parse positions count from the element's start.
        this.pieces = [];
        segment = i;
      }
      switch (c) {
        case QUOTE:
          this.inString = true;
          break;
        case OPEN_BRACKET:
        case OPEN_BRACE:
          this.depth++;
          break;
        case CLOSE_BRACE:
          if (this.depth === 0) this.invalid(base + i, "unexpected '}'");
          this.depth--;
          break;
        case CLOSE_BRACKET:
          if (this.depth > 0) {
            this.depth--;
            break;
          }
          this.pieces.push(s.slice(segment, i));
          this.finishElement(true, base + i);
          this.state = AFTER;
          return i + 1;
        case COMMA:
          if (this.depth > 0) break;
          this.pieces.push(s.slice(segment, i));
          this.finishElement(false, base + i);
          segment = i + 1;
          break;
      }
    }
    if (segment < n) this.pieces.push(s.slice(segment, n));
    return n;
  }

  /** The element ends at the comma or bracket at offset `at`. */
  private finishElement(closing: boolean, at: number): void {
    const start = this.elementStart;
    const text = this.pieces.length === 1 ? this.pieces[0]! : this.pieces.join("");
    this.pieces = [];
    this.elementStart = -1;
    if (start === at) {
      // Nothing but white space before the comma or bracket.
      if (closing && this.count === 0) {
        throw emptyListError(`seed file ${this.source}`);
      }
      this.invalid(at, closing ? "unexpected ']' after a comma" : "unexpected ',' (an element is missing)");
    }
    let value: unknown;
    try {
      value = parseJsonLossless(text);
    } catch (e) {
      const message = (e as Error).message;
      // V8 counts positions from the element's start: make them offsets in the file.
      const pos = / at position (\d+)(?: \(line \d+ column \d+\))?/.exec(message);
      const offset = start + (pos ? Number(pos[1]) : 0);
      this.invalid(offset, `${pos ? message.replace(pos[0], "") : message} (element ${this.count})`);
    }
    this.count++;
    this.ready.push(value);
  }

  private notAnArray(c: number, at: number): never {
    const found =
      c === OPEN_BRACE
        ? "an object"
        : c === QUOTE
          ? "a string"
          : c === 0x2d || (c >= 0x30 && c <= 0x39)
            ? "a number"
            : c === 0x74 || c === 0x66
              ? "a boolean"
              : c === 0x6e
                ? "null"
                : undefined;
    if (found) throw new SeedInputError(`seed file ${this.source} must hold a JSON array at the top level, found ${found}`);
    if (c === BOM) this.invalid(at, "a byte order mark (U+FEFF) is allowed only as the file's very first character");
    this.invalid(at, `unexpected ${JSON.stringify(String.fromCodePoint(c))}`);
  }

  private invalid(at: number, what: string): never {
    throw new SeedInputError(`seed file ${this.source} is not valid JSON at about byte ${at}: ${what}`);
  }
}
