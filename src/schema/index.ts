import { builder } from './builder.js';
import './concept.js';
import './relation.js';
import './comparison.js';
import './compare.js';
import './path.js';
import './connections.js';
import './search.js';
import './neighborhood.js';
import './hierarchy.js';
import './mutation.js';
import './recommendation.js';
import './subscription.js';

export const schema = builder.toSchema({ sortSchema: false });
