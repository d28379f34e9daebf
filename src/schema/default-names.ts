/** TypeORM's default table name: `UserProfile` → `user_profile`. */
export function snakeCase(name: string): string {
  return name
    .replace(/([A-Z])([A-Z])([a-z])/g, '$1_$2$3')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** A simple English plural, as Mongoose and Sequelize name collections and tables by default. */
export function plural(name: string): string {
  if (/(?:s|x|z|ch|sh)$/i.test(name)) return `${name}es`;
  if (/[^aeiou]y$/i.test(name)) return `${name.slice(0, -1)}ies`;
  return `${name}s`;
}
