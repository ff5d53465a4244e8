// A tiny module for the Gatehouse demo: the agent will propose to change it.
function greet(name) {
  return 'Hello, ' + name + '!';
}

function farewell(name) {
  return 'Goodbye, ' + name + '.';
}

module.exports = { greet, farewell };
