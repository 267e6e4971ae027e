/**
 * The notes of one repository's sweep. In a `--repos` sweep every note (and error) names its
 * repository, since the merged report lists them together.
 */
export class SweepNotes {
  readonly list: string[] = [];

  constructor(private readonly label: string | undefined) {}

  add(note: string): void {
    this.list.push(this.named(note));
  }

  /** The text prefixed with the repository's name when there is one. */
  named(text: string): string {
    return this.label !== undefined ? `${this.label}: ${text}` : text;
  }
}
