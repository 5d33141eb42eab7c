export { parseMcpConfig, McpConfigError, type McpConfig, type McpServerConfig, type ParseMcpOptions } from './config';
export { connectMcpServers, type McpConnectOptions, type McpSession, type McpServerStatus } from './connect';
export { sanitizeName, ToolNamer } from './names';
