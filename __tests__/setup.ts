import { Testing } from "cdktf";

// cdktf's matchers: toHaveResource, toHaveResourceWithProperties, toBeValidTerraform, ...
Testing.setupJest();

// Never let a test reach real AWS: no instance metadata lookups, no ambient credentials.
process.env.AWS_EC2_METADATA_DISABLED = "true";
