/** Why an OTLP body was rejected; `field` is the path of the offending value. */
export class DecodeError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}
