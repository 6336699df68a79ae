// Errors about the user's input. The message names the file and the row, column or
// field, and says what to do; the CLI prints it on one line, the UI shows it as is.

export class InputError extends Error {
  constructor(
    message: string,
    readonly file?: string,
    readonly where?: string,
  ) {
    super([file, where].filter(Boolean).join(', ') + (file || where ? ': ' : '') + message)
    this.name = 'InputError'
  }
}
