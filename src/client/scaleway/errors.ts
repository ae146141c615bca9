import { type ErrorBodyParser, isRecord, str } from "../error-body";

/** Scaleway's invalid_arguments carries the useful part in `details`; "invalid argument(s)" alone helps no one. */
function scalewayDetails(details: unknown): string | undefined {
  if (!Array.isArray(details)) return undefined;
  const parts = details.filter(isRecord).map((d) => {
    const name = str(d.argument_name) ?? str(d.resource) ?? "?";
    const why = str(d.help_message) ?? str(d.reason) ?? str(d.message);
    return why ? `${name} (${why})` : name;
  });
  return parts.length > 0 ? parts.join("; ") : undefined;
}

/** `{type, message, resource, resource_id, details, help_message}` (IAM and the legacy account API alike). */
export const parseScalewayError: ErrorBodyParser = (body, status) => {
  if (!str(body.type) && !str(body.message)) return undefined;
  const code = str(body.type) ?? `http_${status}`;
  let message = str(body.message);
  const resource = str(body.resource);
  if (!message) message = resource ? `${code.replace(/_/g, " ")}: ${resource}` : code.replace(/_/g, " ");
  const resourceId = str(body.resource_id);
  if (resource && resourceId && !message.includes(resourceId)) message += ` (${resource} ${resourceId})`;
  const details = scalewayDetails(body.details);
  if (details) message += `: ${details}`;
  const help = str(body.help_message);
  if (help && !message.includes(help)) message += ` (${help})`;
  return { code, message };
};
