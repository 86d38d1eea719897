/** The AWS names an offline run uses: an account and region that name nothing real. */

/** An all-zero account id, as local emulators use: the function ARN is well formed and names nothing real. */
export const LOCAL_ACCOUNT = "000000000000";
export const LOCAL_REGION = "us-east-1";
