/** The Tranche mark: three stacked bars of a deal stack, in the accent colour. */
export function Logo({ size = 24 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" className="logo">
      <rect width="32" height="32" rx="8" fill="var(--accent)" />
      <rect x="7" y="8" width="18" height="4" rx="2" fill="#fff" />
      <rect x="7" y="14" width="13" height="4" rx="2" fill="#fff" opacity="0.8" />
      <rect x="7" y="20" width="8" height="4" rx="2" fill="#fff" opacity="0.6" />
    </svg>
  );
}
