/** Where in the input something is: file (from annotations or -i), YAML document index, line/column. */
export interface Location {
  file?: string;
  document?: number;
  line?: number;
  column?: number;
}

/** Unusable input (exit 1, nothing on stdout). */
export class InputError extends Error {
  constructor(
    message: string,
    readonly location: Location = {},
  ) {
    super(message);
    this.name = 'InputError';
  }
  /** `file.yaml: document 2, line 4, column 3: message` */
  describe(): string {
    const where: string[] = [];
    if (this.location.file !== undefined) where.push(this.location.file);
    const pos: string[] = [];
    if (this.location.document !== undefined) pos.push(`document ${this.location.document}`);
    if (this.location.line !== undefined) pos.push(`line ${this.location.line}`);
    if (this.location.column !== undefined) pos.push(`column ${this.location.column}`);
    if (pos.length > 0) where.push(pos.join(', '));
    return where.length > 0 ? `${where.join(': ')}: ${this.message}` : this.message;
  }
}

/** Invalid function config (exit 3, nothing on stdout). `problems` are one line each. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}
