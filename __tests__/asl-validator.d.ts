// asl-validator ships no types.
declare module "asl-validator" {
  interface Result {
    isValid: boolean;
    errors: { message: string }[];
    /** A plain function (it reads no `this`): destructuring it is safe. */
    errorsText: (separator?: string) => string;
  }
  /** Validates a definition. It writes defaults into the object: pass a copy. */
  export default function aslValidator(definition: unknown, options?: { checkPaths?: boolean; checkArn?: boolean }): Result;
}
