import { styleText } from 'node:util';

type StyleName = Parameters<typeof styleText>[0];

/** Text styling that is a no-op when the output is not a colour terminal. */
export interface Style {
  readonly color: (style: StyleName, text: string) => string;
  readonly width: number;
}

export function styleFor(stream: NodeJS.WriteStream): Style {
  const colored = stream.isTTY && !process.env.NO_COLOR && stream.hasColors();
  return {
    color: colored ? (style, text) => styleText(style, text) : (_style, text) => text,
    width: Math.min(stream.isTTY && stream.columns > 0 ? stream.columns : 100, 120),
  };
}

/** Words of `text` in lines of at most `width` characters, every line after the first indented. */
export function wrap(text: string, width: number, indent: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + 1 + word.length > width - indent) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}
